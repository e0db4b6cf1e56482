package dev.cachegate.cache.internal;

import com.github.benmanes.caffeine.cache.Ticker;
import dev.cachegate.testinfra.FakeClock;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

class BulkheadSourceTest {

    private final FakeClock clock = new FakeClock();
    /** Every read moves 5 ms on: a load (two reads) lasts 5 ms. */
    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
    private final Ticker ticker = () -> nanos.getAndAdd(TimeUnit.MILLISECONDS.toNanos(5));
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

    @Test
    void sequentialLoadsPastTheSlotCountAllSucceedAndEachIsTimedAndCounted() {
        BulkheadSource<TestItem> source = new BulkheadSource<>("t", (key, min) -> Optional.of(new TestItem(2, "x")),
                1, Duration.ZERO, new Lifetimes(Duration.ofSeconds(10), Duration.ofSeconds(1), 0, clock),
                new CacheMetrics(meters, "t"), ticker);

        for (int i = 0; i < 3; i++) {
            Entry<TestItem> entry = source.load(i, 0);
            assertThat(entry.loadMillis()).isEqualTo(5.0);
            assertThat(entry.version()).isEqualTo(2);
        }

        assertThat(meters.get("cachegate.cache.loads").tag("cache", "t").counter().count()).isEqualTo(3);
        Timer load = meters.get("cachegate.cache.load").tag("cache", "t").timer();
        assertThat(load.count()).isEqualTo(3);
        assertThat(load.totalTime(TimeUnit.MILLISECONDS)).isEqualTo(15.0);
    }
}
