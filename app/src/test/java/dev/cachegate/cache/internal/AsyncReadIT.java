package dev.cachegate.cache.internal;

import com.github.benmanes.caffeine.cache.Ticker;
import dev.cachegate.cache.CacheSettingsBuilder;
import dev.cachegate.cache.CacheLoader;
import dev.cachegate.cache.CacheRead;
import dev.cachegate.cache.Layer;
import dev.cachegate.cache.Watermark;
import dev.cachegate.redis.RedisRole;
import dev.cachegate.testinfra.SharedInfrastructure;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The non-blocking read on the real Redis: an L2 hit is answered where Redis's answer lands, without the blocking
 * executor, and only a miss (a tombstone's, or Redis being unavailable) is taken to it.
 */
class AsyncReadIT {

    private static final AtomicLong KEYS = new AtomicLong(System.nanoTime() % 1_000_000 * 1_000 + 500);

    private final RedisRole redis = SharedInfrastructure.appRedis();
    private final BlockingQueue<Runnable> blocking = new LinkedBlockingQueue<>();
    private final AtomicInteger loads = new AtomicInteger();
    private final AtomicReference<Long> askedFor = new AtomicReference<>();
    private final AtomicReference<String> servedOn = new AtomicReference<>();
    private final CircuitBreaker breaker = CircuitBreaker.ofDefaults("async-read");
    private final CacheLoader<TestItem> loader = (key, minVersion) -> {
        loads.incrementAndGet();
        askedFor.set(minVersion);
        return Optional.of(new TestItem(Math.max(1, minVersion), "loaded"));
    };
    private final RedisL2<TestItem> l2 = new RedisL2<>("async-read", () -> redis, () -> redis, TestItem.CODEC, breaker,
            CircuitBreaker.ofDefaults("async-read-leases"),
            new CacheMetrics(new SimpleMeterRegistry(), "async-read"), Clock.systemUTC());
    private final TieredCache<TestItem> cache = new TieredCache<>("async-read",
            CacheSettingsBuilder.defaults().build(), Clock.systemUTC(), Ticker.systemTicker(), loader, new CacheMetrics(new SimpleMeterRegistry(), "async-read"), l2, blocking::add,
            () -> 0.5, Watermark.untracked());

    @Test
    void anL2HitIsAnsweredWithoutTheBlockingExecutorAndFillsL1() throws Exception {
        long key = KEYS.incrementAndGet();
        long now = Clock.systemUTC().millis();
        l2.putIfNewer(key, new Entry<>(new TestItem(4, "in L2"), 4, now, now + 10_000, 1));

        CacheRead<TestItem> read = read(key).get(5, TimeUnit.SECONDS);

        assertThat(read).isEqualTo(new CacheRead<>(new TestItem(4, "in L2"), Layer.L2));
        assertThat(blocking).as("nothing for the blocking executor").isEmpty();
        assertThat(read(key)).as("then an L1 hit, answered at once on the caller's thread")
                .isCompletedWithValue(new CacheRead<>(new TestItem(4, "in L2"), Layer.L1));
        assertThat(servedOn.get()).isEqualTo(Thread.currentThread().getName());
        assertThat(loads).hasValue(0);
    }

    @Test
    void aTombstoneInL2MakesTheLoadOnTheBlockingExecutorAskForItsVersion() throws Exception {
        long key = KEYS.incrementAndGet();
        l2.tombstone(key, 7, Duration.ofSeconds(30));

        CompletableFuture<CacheRead<TestItem>> read = read(key);
        Runnable load = queuedLoad();
        assertThat(read).as("the load waits for the blocking executor").isNotDone();
        load.run();

        assertThat(read.get(5, TimeUnit.SECONDS)).isEqualTo(new CacheRead<>(new TestItem(7, "loaded"), Layer.MISS));
        assertThat(askedFor.get()).isEqualTo(7);
        assertThat(l2.get(key)).isInstanceOf(RedisL2.Found.class);
    }

    @Test
    void withRedisUnavailableTheReadDegradesToALoad() throws Exception {
        long key = KEYS.incrementAndGet();
        breaker.transitionToForcedOpenState();

        CompletableFuture<CacheRead<TestItem>> read = read(key);
        queuedLoad().run();

        assertThat(read.get(5, TimeUnit.SECONDS)).isEqualTo(new CacheRead<>(new TestItem(1, "loaded"), Layer.MISS));
        assertThat(loads).hasValue(1);
    }

    private CompletableFuture<CacheRead<TestItem>> read(long key) {
        return cache.getAsync(key, hit -> {
            servedOn.set(Thread.currentThread().getName());
            return new CacheRead<>(hit.entry().value(), hit.layer());
        }).toCompletableFuture();
    }

    private Runnable queuedLoad() throws InterruptedException {
        Runnable load = blocking.poll(5, TimeUnit.SECONDS);
        assertThat(load).as("the miss reached the blocking executor").isNotNull();
        return load;
    }
}
