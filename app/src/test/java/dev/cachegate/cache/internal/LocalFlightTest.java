package dev.cachegate.cache.internal;

import dev.cachegate.cache.CacheRead;
import dev.cachegate.cache.CacheSettingsBuilder;
import dev.cachegate.cache.Layer;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** A reader that joins a running flight takes its answer when that answer is new enough, else loads on its own. */
class LocalFlightTest {

    /** Two threads of its own: the common pool may have one worker on a 2-core machine. */
    private final ExecutorService readers = Executors.newFixedThreadPool(2);
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final AtomicInteger loads = new AtomicInteger();
    private final CountDownLatch release = new CountDownLatch(1);
    private final LocalFlight<TestItem> flight = new LocalFlight<>("t", (key, minVersion) -> {
        if (loads.incrementAndGet() == 1) {
            await(release);
        }
        return new CacheRead<>(new TestItem(3, "x"), Layer.MISS);
    }, CacheSettingsBuilder.defaults().build(), new CacheMetrics(meters, "t"));

    @AfterEach
    void stop() {
        release.countDown();
        readers.shutdownNow();
    }

    @Test
    void aJoinerWantingNoVersionOrTheFlightsOwnTakesItsAnswer() throws Exception {
        assertThat(joined(0)).isEqualTo(new TestItem(3, "x"));
        assertThat(loads).as("no second load").hasValue(1);
    }

    @Test
    void aJoinerWantingExactlyTheFlightsVersionTakesItsAnswer() throws Exception {
        assertThat(joined(3)).isEqualTo(new TestItem(3, "x"));
        assertThat(loads).as("version 3 is new enough for minVersion 3").hasValue(1);
    }

    @Test
    void aJoinerWantingANewerVersionLoadsOnItsOwn() throws Exception {
        assertThat(joined(4)).isEqualTo(new TestItem(3, "x"));
        assertThat(loads).hasValue(2);
    }

    private TestItem joined(long minVersion) throws Exception {
        CompletableFuture<CacheRead<TestItem>> first = CompletableFuture.supplyAsync(() -> flight.load(1, 0), readers);
        while (loads.get() == 0) {
            Thread.onSpinWait();
        }
        Counter coalesced = meters.get("cachegate.cache.coalesced").tag("scope", "local").counter();
        CompletableFuture<CacheRead<TestItem>> joiner =
                CompletableFuture.supplyAsync(() -> flight.load(1, minVersion), readers);
        while (coalesced.count() == 0) {
            Thread.onSpinWait();
        }
        release.countDown();
        first.get(5, TimeUnit.SECONDS);
        return joiner.get(5, TimeUnit.SECONDS).value();
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
