package dev.cachegate.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The counters of one meter, one per value of one tag, registered when built: every expected series is exported at
 * 0 from the first scrape instead of appearing with its first event, so a rate or an alert over it works from
 * startup. Counting is a map lookup, without a registry lookup on the way. A value not declared up front is
 * registered on first use rather than refused: a metric never fails the operation it counts.
 */
public final class TagCounters {

    private final MeterRegistry meters;
    private final String name;
    private final String tag;
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();

    private TagCounters(MeterRegistry meters, String name, String tag) {
        this.meters = meters;
        this.name = name;
        this.tag = tag;
    }

    /**
     * @param meters the registry
     * @param name   the meter's name
     * @param tag    the tag that tells the counters apart
     * @param values the tag's expected values, each registered now
     * @return the counters
     */
    public static TagCounters register(MeterRegistry meters, String name, String tag, List<String> values) {
        TagCounters counters = new TagCounters(meters, name, tag);
        values.forEach(counters::counter);
        return counters;
    }

    /** @param value the tag's value of the event to count */
    public void increment(String value) {
        counter(value).increment();
    }

    private Counter counter(String value) {
        return counters.computeIfAbsent(value, v -> meters.counter(name, tag, v));
    }
}
