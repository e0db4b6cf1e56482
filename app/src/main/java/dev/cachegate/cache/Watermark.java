package dev.cachegate.cache;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * How current this instance's caches are: the position in the change stream up to which every change has been
 * applied to them, and the moment (this instance's monotonic clock) as of which that is known. A reader of the stream
 * that starts a poll at instant T and applies everything the poll returns knows that every change committed before T
 * is applied, whatever the database's clock says, so the age needs no clock agreement.
 *
 * <p>An instance may serve a cached entry only while its watermark is {@linkplain #trusted() younger than
 * {@code maxLag}}: past that it cannot prove an entry fresh, and reads go to the database until the stream catches
 * up. A watermark that is not {@linkplain #tracked() tracked} (the TTL-only design, {@code
 * cachegate.catalog.changes.enabled=false}) is always trusted; there the TTLs bound staleness.
 */
public final class Watermark {

    private final boolean tracked;
    private final Duration maxLag;
    private final LongSupplier nanoTime;
    private final long createdAt;
    private volatile long seq;
    private volatile long observedAt;
    private volatile boolean observed;

    /**
     * @param maxLag   the oldest the watermark may be for cached entries to be served
     * @param nanoTime a monotonic clock ({@code System::nanoTime}; tests pass their own)
     */
    public Watermark(Duration maxLag, LongSupplier nanoTime) {
        this(true, maxLag, nanoTime);
    }

    private Watermark(boolean tracked, Duration maxLag, LongSupplier nanoTime) {
        this.tracked = tracked;
        this.maxLag = maxLag;
        this.nanoTime = nanoTime;
        this.createdAt = nanoTime.getAsLong();
    }

    /** @return a watermark that is always trusted, for the TTL-only design */
    public static Watermark untracked() {
        return new Watermark(false, Duration.ZERO, System::nanoTime);
    }

    /**
     * Records that every change up to {@code seq}, and every change committed before {@code pollStartedAt}, is
     * applied. Never moves backwards.
     *
     * @param seq           the last applied position
     * @param pollStartedAt {@code nanoTime} when the poll that returned it started
     */
    public synchronized void advance(long seq, long pollStartedAt) {
        this.seq = Math.max(this.seq, seq);
        if (!observed || pollStartedAt - observedAt > 0) {
            this.observedAt = pollStartedAt;
            this.observed = true;
        }
    }

    /** @return whether cached entries may be served */
    public boolean trusted() {
        return !tracked || observed && nanoTime.getAsLong() - observedAt <= maxLag.toNanos();
    }

    /** @return whether a change stream drives this watermark */
    public boolean tracked() {
        return tracked;
    }

    /** @return the last applied position in the change stream */
    public long seq() {
        return seq;
    }

    /** @return how long ago the last applied poll started; since creation before the first */
    public Duration age() {
        return Duration.ofNanos(nanoTime.getAsLong() - (observed ? observedAt : createdAt));
    }

    /** @return the bound on {@link #age()} for cached entries to be served */
    public Duration maxLag() {
        return maxLag;
    }

    /**
     * Registers {@code cachegate.changes.watermark.age} (seconds) and {@code cachegate.changes.trusted} (1/0).
     *
     * @param meters the registry
     * @param cache  the cache's name, as tag
     */
    public void bindTo(MeterRegistry meters, String cache) {
        Gauge.builder("cachegate.changes.watermark.age", this, w -> w.age().toNanos() / 1e9)
                .tag("cache", cache).baseUnit("seconds")
                .description("How long ago the change stream was last known applied on this instance").register(meters);
        Gauge.builder("cachegate.changes.trusted", this, w -> w.trusted() ? 1 : 0).tag("cache", cache)
                .description("1 while cached entries may be served; 0 while reads go to the database").register(meters);
    }
}
