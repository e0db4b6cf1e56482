package dev.cachegate.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class TagCountersTest {

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

    @Test
    void everyDeclaredValueIsExportedAtZeroBeforeItsFirstEvent() {
        TagCounters.register(meters, "things", "result", List.of("ok", "failed"));

        assertThat(meters.find("things").counters()).extracting(c -> c.getId().getTag("result"))
                .containsExactlyInAnyOrder("ok", "failed");
        assertThat(meters.find("things").counters()).allSatisfy(c -> assertThat(c.count()).isZero());
    }

    @Test
    void countsEachValueOnItsOwnSeries() {
        TagCounters counters = TagCounters.register(meters, "things", "result", List.of("ok", "failed"));

        counters.increment("ok");
        counters.increment("ok");
        counters.increment("failed");

        assertThat(count("ok")).isEqualTo(2);
        assertThat(count("failed")).isEqualTo(1);
    }

    @Test
    void aValueNotDeclaredIsCountedRatherThanRefused() {
        TagCounters counters = TagCounters.register(meters, "things", "result", List.of("ok"));

        counters.increment("surprise");

        assertThat(count("surprise")).isEqualTo(1);
    }

    private double count(String result) {
        Counter counter = meters.find("things").tag("result", result).counter();
        assertThat(counter).as("things{result=%s}", result).isNotNull();
        return counter.count();
    }
}
