package dev.cachegate.cache.internal;

import com.github.benmanes.caffeine.cache.Ticker;
import dev.cachegate.cache.CacheSettings;
import dev.cachegate.cache.CacheSettingsBuilder;
import dev.cachegate.cache.CacheLoader;
import dev.cachegate.cache.CacheRead;
import dev.cachegate.cache.InvalidationFaults;
import dev.cachegate.cache.Layer;
import dev.cachegate.cache.Watermark;
import dev.cachegate.redis.RedisClients;
import dev.cachegate.redis.RedisRole;
import dev.cachegate.testinfra.SharedInfrastructure;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Cluster-wide single flight on the real Redis, two caches standing for two instances: a waiter is woken by the lease
 * holder's release signal, not by polling.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SingleFlightIT {

    private static final Duration RECHECK = Duration.ofSeconds(5);

    private final List<AutoCloseable> open = new ArrayList<>();

    @AfterAll
    void disconnect() throws Exception {
        for (AutoCloseable closeable : open) {
            closeable.close();
        }
    }

    @Test
    void aWaiterOnAnotherInstanceWakesOnTheReleaseSignalAndLoadsNothing() throws Exception {
        String name = "flight-" + UUID.randomUUID();
        long key = 42;
        CountDownLatch holderLoading = new CountDownLatch(1);
        CountDownLatch finishLoad = new CountDownLatch(1);
        TieredCache<TestItem> holder = cache(name, "a", new SimpleMeterRegistry(), (k, minVersion) -> {
            holderLoading.countDown();
            try {
                finishLoad.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return Optional.of(new TestItem(1, "loaded once"));
        });
        AtomicInteger waiterLoads = new AtomicInteger();
        SimpleMeterRegistry waiterMeters = new SimpleMeterRegistry();
        TieredCache<TestItem> waiter = cache(name, "b", waiterMeters, (k, minVersion) -> {
            waiterLoads.incrementAndGet();
            return Optional.of(new TestItem(1, "loaded twice"));
        });

        CompletableFuture<CacheRead<TestItem>> held = CompletableFuture.supplyAsync(() -> holder.get(key));
        assertThat(holderLoading.await(5, TimeUnit.SECONDS)).isTrue();
        AtomicReference<CacheRead<TestItem>> waited = new AtomicReference<>();
        Thread reader = Thread.ofPlatform().start(() -> waited.set(waiter.get(key)));
        while (!waitingForTheSignal(reader)) {
            Thread.onSpinWait();
        }
        finishLoad.countDown();
        reader.join(RECHECK.toMillis() - 1_000);

        assertThat(reader.isAlive()).as("woken before its %s recheck", RECHECK).isFalse();
        assertThat(waited.get().value()).isEqualTo(new TestItem(1, "loaded once"));
        assertThat(waited.get().layer()).isEqualTo(Layer.L2);
        assertThat(waiterLoads).as("the waiter's database loads").hasValue(0);
        assertThat(held.get(5, TimeUnit.SECONDS).layer()).isEqualTo(Layer.MISS);
        assertThat(waiterMeters.counter("cachegate.cache.fill.waits", "cache", name, "woken", "signal").count())
                .isEqualTo(1);
        assertThat(waiterMeters.counter("cachegate.cache.fill.waits", "cache", name, "woken", "recheck").count())
                .isZero();
    }

    private static boolean waitingForTheSignal(Thread reader) {
        return Arrays.stream(reader.getStackTrace()).anyMatch(frame ->
                frame.getClassName().equals(ClusterFlight.class.getName()) && frame.getMethodName().equals("await"));
    }

    private TieredCache<TestItem> cache(String name, String instance, SimpleMeterRegistry meters,
                                        CacheLoader<TestItem> loader) {
        CacheSettings config = CacheSettingsBuilder.defaults()
                .singleFlight(true, true, Duration.ofSeconds(10), Duration.ofSeconds(10), RECHECK).build();
        CacheMetrics metrics = new CacheMetrics(meters, name);
        RedisRole redis = RedisClients.connect(SharedInfrastructure.appClient());
        var pubSub = SharedInfrastructure.newAppPubSub();
        open.add(redis);
        open.add(pubSub);
        RedisL2<TestItem> l2 = new RedisL2<>(name, () -> redis, () -> redis, TestItem.CODEC, CircuitBreaker.ofDefaults(name),
                CircuitBreaker.ofDefaults(name + "-leases"),
                metrics, Clock.systemUTC());
        TieredCache<TestItem> cache = new TieredCache<>(name, config, Clock.systemUTC(), Ticker.systemTicker(), loader, metrics, l2,
                Runnable::run, () -> 0.5, Watermark.untracked());
        InvalidationBus bus = new InvalidationBus(name, instance, () -> redis, () -> pubSub, cache, metrics,
                new InvalidationFaults(Ticker.systemTicker()), false, Ticker.systemTicker());
        open.add(0, bus);
        cache.attach(bus);
        return cache;
    }
}
