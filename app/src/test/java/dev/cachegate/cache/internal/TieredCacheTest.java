package dev.cachegate.cache.internal;

import com.github.benmanes.caffeine.cache.Ticker;
import dev.cachegate.cache.CacheSettings;
import dev.cachegate.cache.CacheSettingsBuilder;
import dev.cachegate.cache.CacheOverloadedException;
import dev.cachegate.cache.CacheRead;
import dev.cachegate.cache.Layer;
import dev.cachegate.cache.Watermark;
import dev.cachegate.testinfra.FakeClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The L1 mechanics with L2 switched off and time in the test's hands: no Redis, no sleeping. */
class TieredCacheTest {

    private final FakeClock clock = new FakeClock();
    /** The ticker moves with the clock: one {@code advance} moves stored-time expiries and Caffeine's alike. */
    private final Ticker ticker = () -> TimeUnit.MILLISECONDS.toNanos(clock.millis());
    private final Map<Long, TestItem> source = new ConcurrentHashMap<>();
    private final AtomicInteger loads = new AtomicInteger();
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

    private TieredCache<TestItem> cache(int maxConcurrentLoads, Duration maxWait) {
        return cache(maxConcurrentLoads, maxWait, Watermark.untracked());
    }

    private TieredCache<TestItem> cache(int maxConcurrentLoads, Duration maxWait, Watermark watermark) {
        return cache(maxConcurrentLoads, maxWait, watermark, Runnable::run);
    }

    private TieredCache<TestItem> cache(int maxConcurrentLoads, Duration maxWait, Watermark watermark,
                                        Executor background) {
        return cache("test", settings().bulkhead(maxConcurrentLoads, maxWait).build(), clock, (key, minVersion) -> {
            loads.incrementAndGet();
            return Optional.ofNullable(source.get(key)).filter(item -> item.version() >= minVersion);
        }, meters, background, watermark);
    }

    /** L1 only, 10 s TTL, no jitter. */
    private static CacheSettingsBuilder settings() {
        return CacheSettingsBuilder.defaults().l1(true, 1000, Duration.ofSeconds(10)).withoutL2().jitter(0);
    }

    private TieredCache<TestItem> cache(String name, CacheSettings settings, Clock time,
                                        dev.cachegate.cache.CacheLoader<TestItem> loader, SimpleMeterRegistry registry,
                                        Executor background, Watermark watermark) {
        return new TieredCache<>(name, settings, time, ticker, loader, new CacheMetrics(registry, name), null,
                background, () -> 0.5, watermark);
    }

    private TieredCache<TestItem> cache(String name, CacheSettings settings,
                                        dev.cachegate.cache.CacheLoader<TestItem> loader, SimpleMeterRegistry registry) {
        return cache(name, settings, clock, loader, registry, Runnable::run, Watermark.untracked());
    }

    @Test
    void cachedEntriesAreServedOnlyWhileTheWatermarkIsWithinItsBound() {
        Watermark watermark = new Watermark(Duration.ofSeconds(3), () -> clock.millis() * 1_000_000);
        TieredCache<TestItem> cache = cache(8, Duration.ofMillis(100), watermark);
        source.put(4L, new TestItem(1, "four"));

        assertThat(cache.get(4).layer()).as("never applied: nothing is trusted").isEqualTo(Layer.MISS);
        assertThat(cache.get(4).layer()).isEqualTo(Layer.MISS);
        watermark.advance(10, clock.millis() * 1_000_000);
        assertThat(cache.get(4).layer()).isEqualTo(Layer.L1);
        clock.advance(Duration.ofSeconds(3));
        assertThat(cache.get(4).layer()).as("at the bound").isEqualTo(Layer.L1);
        clock.advance(Duration.ofMillis(1));

        assertThat(cache.get(4).layer()).as("past the bound: the database").isEqualTo(Layer.MISS);
        watermark.advance(11, clock.millis() * 1_000_000);
        assertThat(cache.get(4).layer()).isEqualTo(Layer.L1);
        assertThat(loads).hasValue(3);
        assertThat(meters.get("cachegate.cache.untrusted").counter().count())
                .as("each read past the watermark's bound is counted").isEqualTo(3);
        assertThat(meters.get("cachegate.cache.gets").tags("layer", "l1", "result", "hit").counter().count())
                .isEqualTo(3);
    }

    @Test
    void theNonBlockingReadAnswersL1HitsInPlaceAndTakesOnlyLoadsToTheBlockingExecutor() {
        Watermark watermark = new Watermark(Duration.ofSeconds(3), () -> clock.millis() * 1_000_000);
        Queue<Runnable> blocking = new ArrayDeque<>();
        TieredCache<TestItem> cache = cache(8, Duration.ofMillis(100), watermark, blocking::add);
        watermark.advance(10, clock.millis() * 1_000_000);
        source.put(6L, new TestItem(1, "six"));

        CompletableFuture<CacheRead<TestItem>> miss = read(cache, 6);
        assertThat(miss).as("a miss waits for the blocking executor").isNotDone();
        assertThat(loads).hasValue(0);
        blocking.remove().run();
        assertThat(miss).isCompletedWithValue(new CacheRead<>(new TestItem(1, "six"), Layer.MISS));
        assertThat(read(cache, 6)).as("a hit, answered in place")
                .isCompletedWithValue(new CacheRead<>(new TestItem(1, "six"), Layer.L1));
        assertThat(blocking).isEmpty();
        assertThat(meters.get("cachegate.cache.gets").tags("layer", "l1", "result", "miss").counter().count())
                .as("the miss is counted once, by the lookup").isEqualTo(1);
        assertThat(meters.get("cachegate.cache.gets").tags("layer", "l1", "result", "hit").counter().count())
                .isEqualTo(1);
        clock.advance(Duration.ofMillis(3001));
        assertThat(read(cache, 6)).as("untrusted past the watermark's bound: a load").isNotDone();
        assertThat(blocking).hasSize(1);
    }

    private static CompletableFuture<CacheRead<TestItem>> read(TieredCache<TestItem> cache, long key) {
        return cache.getAsync(key, hit -> new CacheRead<>(hit.entry().value(), hit.layer())).toCompletableFuture();
    }

    @Test
    void withoutL2AnEntryLivesL1sTtlNotL2s() {
        TieredCache<TestItem> cache = cache("test", settings().l2(false, Duration.ofSeconds(2)).build(),
                (key, minVersion) -> Optional.of(new TestItem(1, "one")), meters);
        cache.get(1);

        clock.advance(Duration.ofSeconds(9));
        assertThat(cache.get(1).layer()).as("the disabled L2's 2 s TTL does not apply").isEqualTo(Layer.L1);
    }

    @Test
    void aChangeDropsOnlyOlderVersionsFromL1() {
        TieredCache<TestItem> cache = cache(8, Duration.ofMillis(100));
        source.put(5L, new TestItem(2, "five"));
        cache.get(5);

        assertThat(cache.changed(5, 2)).isTrue();
        assertThat(cache.get(5).layer()).as("the change is what L1 holds already").isEqualTo(Layer.L1);
        assertThat(cache.changed(5, 3)).isTrue();
        assertThat(cache.lookup(5)).isEqualTo(new Lookup.Miss<TestItem>(3));
    }

    @Test
    void anEntryIsServedFromL1UntilItsTtlThenLoadedAgain() {
        TieredCache<TestItem> cache = cache(8, Duration.ofMillis(100));
        source.put(1L, new TestItem(1, "one"));

        assertThat(cache.get(1).layer()).isEqualTo(Layer.MISS);
        assertThat(cache.get(1).layer()).isEqualTo(Layer.L1);
        clock.advance(Duration.ofSeconds(9));
        assertThat(cache.get(1).layer()).isEqualTo(Layer.L1);
        clock.advance(Duration.ofSeconds(2));

        assertThat(cache.get(1).layer()).isEqualTo(Layer.MISS);
        assertThat(loads).hasValue(2);
    }

    @Test
    void aMissingKeyIsRememberedForTheNegativeTtlOnly() {
        TieredCache<TestItem> cache = cache(8, Duration.ofMillis(100));

        assertThat(cache.get(7).value()).isNull();
        assertThat(cache.get(7)).isEqualTo(new CacheRead<TestItem>(null, Layer.L1));
        source.put(7L, new TestItem(1, "seven"));
        clock.advance(Duration.ofSeconds(6));

        assertThat(cache.get(7).value()).isEqualTo(new TestItem(1, "seven"));
        assertThat(loads).hasValue(2);
    }

    @Test
    void afterAnInvalidationAFillOlderThanTheWrittenVersionIsRefused() {
        TieredCache<TestItem> cache = cache(8, Duration.ofMillis(100));
        source.put(3L, new TestItem(1, "old"));
        cache.get(3);

        cache.invalidate(3, 2);
        cache.fill(3, new Entry<>(new TestItem(1, "old"), 1, clock.millis(), clock.millis() + 10_000, 1));

        assertThat(cache.lookup(3)).isEqualTo(new Lookup.Miss<TestItem>(2));
        source.put(3L, new TestItem(2, "new"));
        assertThat(cache.get(3).value()).isEqualTo(new TestItem(2, "new"));
        assertThat(cache.get(3).layer()).isEqualTo(Layer.L1);
    }

    @Test
    void concurrentMissesOfOneKeyShareOneLoad() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        TieredCache<TestItem> cache = cache("flight", settings().build(), (key, minVersion) -> {
            loads.incrementAndGet();
            await(release);
            return Optional.of(new TestItem(1, "shared"));
        }, registry);
        int readers = 20;

        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            Future<?>[] reads = new Future<?>[readers];
            for (int i = 0; i < reads.length; i++) {
                reads[i] = threads.submit(() -> cache.get(9));
            }
            while (loads.get() + coalesced(registry, "flight") < readers) {
                Thread.onSpinWait();
            }
            release.countDown();
            for (Future<?> read : reads) {
                assertThat(((CacheRead<?>) read.get(5, TimeUnit.SECONDS)).value()).isEqualTo(new TestItem(1, "shared"));
            }
        }
        assertThat(loads).hasValue(1);
        assertThat(coalesced(registry, "flight")).as("every other reader joined the one load while it ran")
                .isEqualTo(readers - 1);
    }

    /** Readers that joined another's load in this instance; each is counted before it waits. */
    private static int coalesced(SimpleMeterRegistry registry, String cache) {
        return (int) registry.counter("cachegate.cache.coalesced", "cache", cache, "scope", "local").count();
    }

    @Test
    void pastTheBulkheadALoadIsRefusedInsteadOfQueued() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch loading = new CountDownLatch(1);
        TieredCache<TestItem> cache = cache("test", settings().bulkhead(1, Duration.ofMillis(1)).build(),
                (key, minVersion) -> {
                    loading.countDown();
                    await(release);
                    return Optional.of(new TestItem(1, "x"));
                }, new SimpleMeterRegistry());

        try (ExecutorService readers = Executors.newVirtualThreadPerTaskExecutor()) {
            Future<?> first = readers.submit(() -> cache.get(1));
            assertThat(loading.await(5, TimeUnit.SECONDS)).isTrue();

            assertThatThrownBy(() -> cache.get(2)).isInstanceOf(CacheOverloadedException.class)
                    .hasMessageContaining("key 2");
            assertThatThrownBy(() -> new CacheAsideCache<>(cache).getPastCaches(3, () -> Optional.of(
                    new TestItem(1, "from the primary")))).as("a bypass read takes a slot like a load")
                    .isInstanceOf(CacheOverloadedException.class).hasMessageContaining("key 3");
            release.countDown();
            first.get(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void aReaderThatJoinedAHungLoadIsRefusedWithinTheFlightsOwnBound() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch loading = new CountDownLatch(1);
        CacheSettings config = settings().bulkhead(4, Duration.ofMillis(100))
                .singleFlight(true, false, Duration.ofMillis(200), Duration.ofMillis(200), Duration.ofMillis(50))
                .build();
        TieredCache<TestItem> cache = cache("test", config, (key, minVersion) -> {
            loading.countDown();
            await(release);
            return Optional.of(new TestItem(1, "late"));
        }, new SimpleMeterRegistry());

        try (ExecutorService readers = Executors.newVirtualThreadPerTaskExecutor()) {
            Future<CacheRead<TestItem>> leader = readers.submit(() -> cache.get(6));
            assertThat(loading.await(5, TimeUnit.SECONDS)).isTrue();
            Future<CacheRead<TestItem>> follower = readers.submit(() -> cache.get(6));

            assertThatThrownBy(() -> follower.get(5, TimeUnit.SECONDS))
                    .as("bulkhead wait + wait-timeout + lease-ttl = 500 ms, not the hung load's time")
                    .hasCauseInstanceOf(CacheOverloadedException.class)
                    .hasMessageContaining("key 6").hasMessageContaining("within 500 ms");
            release.countDown();
            assertThat(leader.get(5, TimeUnit.SECONDS).value()).isEqualTo(new TestItem(1, "late"));
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void aReaderThatKnowsANewerVersionDoesNotTakeAnOlderFlightsAnswer() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch loading = new CountDownLatch(1);
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        TieredCache<TestItem> cache = cache("flight", settings().bulkhead(8, Duration.ofSeconds(5)).build(),
                (key, minVersion) -> {
                    if (minVersion == 0) {
                        loading.countDown();
                        awaitQuietly(release);
                        return Optional.of(new TestItem(4, "from a lagging replica"));
                    }
                    return Optional.of(new TestItem(minVersion, "from the primary"));
                }, meters);
        ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
        Future<CacheRead<TestItem>> first = threads.submit(() -> cache.load(7, 0));
        assertThat(loading.await(5, TimeUnit.SECONDS)).isTrue();
        Future<CacheRead<TestItem>> knowsV5 = threads.submit(() -> cache.load(7, 5));
        while (meters.counter("cachegate.cache.coalesced", "cache", "flight", "scope", "local").count() < 1) {
            Thread.onSpinWait();
        }
        release.countDown();

        assertThat(first.get(5, TimeUnit.SECONDS).value().version()).isEqualTo(4);
        assertThat(knowsV5.get(5, TimeUnit.SECONDS).value()).as("the reader that saw the tombstone of v5")
                .isEqualTo(new TestItem(5, "from the primary"));
        threads.shutdown();
    }

    @Test
    void anInvalidationDuringAnL1FillIsNotOverwrittenByIt() throws Exception {
        AtomicReference<Runnable> duringFill = new AtomicReference<>();
        Clock hooked = new FakeClock() {
            @Override
            public long millis() {
                boolean inFill = StackWalker.getInstance().walk(frames -> frames
                        .anyMatch(frame -> frame.getMethodName().equals("expireAfterCreate")));
                Runnable hook = inFill ? duringFill.getAndSet(null) : null;
                if (hook != null) {
                    hook.run();
                }
                return super.millis();
            }
        };
        TieredCache<TestItem> cache = cache("race", settings().bulkhead(8, Duration.ofSeconds(5)).build(), hooked,
                (key, minVersion) -> Optional.empty(), new SimpleMeterRegistry(), Runnable::run,
                Watermark.untracked());
        ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
        AtomicReference<Future<?>> invalidation = new AtomicReference<>();
        duringFill.set(() -> {
            Future<?> running = threads.submit(() -> cache.invalidate(9, 5));
            invalidation.set(running);
            try {
                running.get(300, TimeUnit.MILLISECONDS);
            } catch (Exception blockedUntilTheFillIsIn) {
                invalidation.get();
            }
        });
        long now = clock.millis();

        cache.fill(9, new Entry<>(new TestItem(4, "read before the write of v5"), 4, now, now + 10_000, 1));
        invalidation.get().get(5, TimeUnit.SECONDS);

        assertThat(cache.lookup(9)).as("L1 after the invalidation of v5 that ran while v4 was being filled")
                .isInstanceOf(Lookup.Miss.class);
        threads.shutdown();
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
