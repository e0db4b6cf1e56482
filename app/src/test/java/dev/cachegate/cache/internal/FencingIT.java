package dev.cachegate.cache.internal;

import com.github.benmanes.caffeine.cache.Ticker;
import dev.cachegate.cache.CacheSettings;
import dev.cachegate.cache.CacheSettingsBuilder;
import dev.cachegate.cache.KeySnapshot;
import dev.cachegate.cache.CacheRead;
import dev.cachegate.cache.Watermark;
import dev.cachegate.redis.RedisRole;
import dev.cachegate.testinfra.SharedInfrastructure;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Version fencing on the real Redis, with the ordering controlled by the test: a slow load that started before a write
 * finishes after it, and must not put the old value back.
 */
class FencingIT {

    private static final AtomicLong KEYS = new AtomicLong(System.nanoTime() % 1_000_000 * 1_000);

    private final RedisRole redis = SharedInfrastructure.appRedis();

    @Test
    void aSlowStaleLoadFinishingAfterANewerWriteCannotOverwriteIt() throws Exception {
        long key = KEYS.incrementAndGet();
        CountDownLatch loadStarted = new CountDownLatch(1);
        CountDownLatch writeDone = new CountDownLatch(1);
        TieredCache<TestItem> cache = cache("fence-slow", (k, minVersion) -> {
            loadStarted.countDown();
            await(writeDone);
            return Optional.of(new TestItem(1, "stale"));
        });

        CompletableFuture<CacheRead<TestItem>> slowRead = CompletableFuture.supplyAsync(() -> cache.get(key),
                Executors.newVirtualThreadPerTaskExecutor());
        assertThat(loadStarted.await(5, TimeUnit.SECONDS)).isTrue();
        cache.writeThrough(key, new TestItem(2, "fresh"));
        writeDone.countDown();

        CacheRead<TestItem> read = slowRead.get(5, TimeUnit.SECONDS);
        assertThat(read.value()).as("the reader gets the newer value that won").isEqualTo(new TestItem(2, "fresh"));
        assertThat(l2("fence-slow").get(key)).isInstanceOfSatisfying(RedisL2.Found.class,
                found -> assertThat(found.entry().value()).isEqualTo(new TestItem(2, "fresh")));
        assertThat(cache.get(key).value()).isEqualTo(new TestItem(2, "fresh"));
    }

    @Test
    void aTombstoneRefusesOlderFillsAndMakesTheLoadAskForTheWrittenVersion() {
        long key = KEYS.incrementAndGet();
        AtomicReference<Long> askedFor = new AtomicReference<>();
        TieredCache<TestItem> cache = cache("fence-tomb", (k, minVersion) -> {
            askedFor.set(minVersion);
            return Optional.of(new TestItem(minVersion, "from the primary"));
        });
        RedisL2<TestItem> l2 = l2("fence-tomb");
        cache.invalidateEverywhere(key, 3);

        long now = Clock.systemUTC().millis();
        assertThat(l2.putIfNewer(key, new Entry<>(new TestItem(2, "lagging replica"), 2, now, now + 10_000, 1)))
                .as("a fill older than the tombstone").isFalse();
        CacheRead<TestItem> read = cache.get(key);

        assertThat(askedFor.get()).isEqualTo(3);
        assertThat(read.value()).isEqualTo(new TestItem(3, "from the primary"));
        assertThat(l2.get(key)).isInstanceOf(RedisL2.Found.class);
    }

    @Test
    void equalOrNewerVersionsReplaceOlderOnesNeverTheReverse() {
        long key = KEYS.incrementAndGet();
        RedisL2<TestItem> l2 = l2("fence-order");
        long now = Clock.systemUTC().millis();

        assertThat(l2.putIfNewer(key, new Entry<>(new TestItem(5, "five"), 5, now, now + 10_000, 1))).isTrue();
        assertThat(l2.putIfNewer(key, new Entry<>(new TestItem(4, "four"), 4, now, now + 10_000, 1))).isFalse();
        assertThat(l2.putIfNewer(key, new Entry<>(new TestItem(5, "five again"), 5, now, now + 10_000, 1))).isTrue();
        assertThat(l2.putIfNewer(key, new Entry<>(new TestItem(6, "six"), 6, now, now + 10_000, 1))).isTrue();
        assertThat(((RedisL2.Found<TestItem>) l2.get(key)).entry().value()).isEqualTo(new TestItem(6, "six"));
    }

    @Test
    void aPreloadPageReadBeforeAChangeCannotBringBackTheOldVersion() {
        long fenced = KEYS.incrementAndGet();
        long older = KEYS.incrementAndGet();
        long absent = KEYS.incrementAndGet();
        TieredCache<TestItem> cache = cache("fence-preload", (k, minVersion) -> Optional.empty());
        RedisL2<TestItem> l2 = l2("fence-preload");
        cache.changed(fenced, 3);
        long now = Clock.systemUTC().millis();
        l2.putIfNewer(older, new Entry<>(new TestItem(1, "one"), 1, now, now + 10_000, 1));

        Map<Long, TestItem> page = new LinkedHashMap<>();
        page.put(fenced, new TestItem(2, "read before change 3 committed"));
        page.put(older, new TestItem(2, "two"));
        page.put(absent, new TestItem(1, "cold"));
        int kept = cache.preload(page);

        assertThat(kept).isEqualTo(2);
        assertThat(l2.get(fenced)).as("change 3's tombstone holds").isEqualTo(new RedisL2.Tombstone<TestItem>(3));
        assertThat(((RedisL2.Found<TestItem>) l2.get(older)).entry().value()).isEqualTo(new TestItem(2, "two"));
        assertThat(((RedisL2.Found<TestItem>) l2.get(absent)).entry().value()).isEqualTo(new TestItem(1, "cold"));
        assertThat(cache.snapshot("fence-preload", absent).l1()).as("a preload fills L2 only")
                .isEqualTo(new KeySnapshot.Absent());
    }

    @Test
    void aLowerTombstoneArrivingLateCannotLowerTheFence() {
        long key = KEYS.incrementAndGet();
        RedisL2<TestItem> l2 = l2("fence-tombstones");
        long now = Clock.systemUTC().millis();

        l2.tombstone(key, 5, Duration.ofSeconds(30));
        l2.tombstone(key, 4, Duration.ofSeconds(30));
        assertThat(l2.get(key)).as("the invalidation of v5 still fences").isEqualTo(new RedisL2.Tombstone<TestItem>(5));
        assertThat(l2.putIfNewer(key, new Entry<>(new TestItem(4, "four"), 4, now, now + 10_000, 1)))
                .as("a fill of v4 after both invalidations").isFalse();
        l2.tombstone(key, 6, Duration.ofSeconds(30));
        assertThat(l2.get(key)).isEqualTo(new RedisL2.Tombstone<TestItem>(6));
    }

    @Test
    void aLeaseThatCannotBeReleasedKeepsTheLoadedAnswerAndTheEntriesRoleStaysUsable() {
        long key = KEYS.incrementAndGet();
        CircuitBreaker leases = CircuitBreaker.ofDefaults("fence-release-leases");
        AtomicInteger loads = new AtomicInteger();
        CacheMetrics metrics = new CacheMetrics(new SimpleMeterRegistry(), "fence-release");
        RedisL2<TestItem> l2 = new RedisL2<>("fence-release", () -> redis, () -> redis, TestItem.CODEC,
                CircuitBreaker.ofDefaults("fence-release"), leases, metrics, Clock.systemUTC());
        dev.cachegate.cache.CacheLoader<TestItem> loader = (k, minVersion) -> {
            loads.incrementAndGet();
            leases.transitionToForcedOpenState();
            return Optional.of(new TestItem(1, "loaded once"));
        };
        TieredCache<TestItem> cache = new TieredCache<>("fence-release", config(), Clock.systemUTC(), Ticker.systemTicker(), loader, metrics,
                l2, Runnable::run, () -> 0.5, Watermark.untracked());

        CacheRead<TestItem> read = cache.get(key);

        assertThat(read.value()).isEqualTo(new TestItem(1, "loaded once"));
        assertThat(loads).as("the release failed after a good load: no second load").hasValue(1);
        assertThat(l2.get(key)).as("the state role's breaker is not the cache role's")
                .isInstanceOf(RedisL2.Found.class);
    }

    private static CacheSettings config() {
        return CacheSettingsBuilder.defaults().build();
    }

    private TieredCache<TestItem> cache(String name, dev.cachegate.cache.CacheLoader<TestItem> loader) {
        return new TieredCache<>(name, config(), Clock.systemUTC(), Ticker.systemTicker(), loader,
                new CacheMetrics(new SimpleMeterRegistry(), name), l2(name), Runnable::run, () -> 0.5,
                Watermark.untracked());
    }

    private RedisL2<TestItem> l2(String name) {
        return new RedisL2<>(name, () -> redis, () -> redis, TestItem.CODEC, CircuitBreaker.ofDefaults(name),
                CircuitBreaker.ofDefaults(name + "-leases"),
                new CacheMetrics(new SimpleMeterRegistry(), name), Clock.systemUTC());
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
