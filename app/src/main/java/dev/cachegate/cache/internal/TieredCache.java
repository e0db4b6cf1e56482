package dev.cachegate.cache.internal;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.Ticker;
import dev.cachegate.cache.CacheConfig;
import dev.cachegate.cache.CacheLoader;
import dev.cachegate.cache.CacheOverloadedException;
import dev.cachegate.cache.CacheRead;
import dev.cachegate.cache.Layer;
import dev.cachegate.cache.Versioned;
import dev.cachegate.cache.Watermark;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.propagation.PropagatedContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.DoubleSupplier;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The mechanics every strategy shares: look a key up in L1 then L2, load it once per key inside this instance (a
 * shared future) and once across the cluster (a Redis lease; other instances wait for the holder's release signal,
 * looking at L2 again every {@code single-flight.recheck} without one, then load themselves if the holder died),
 * fence every fill by version, remember invalidated versions as tombstones, and keep
 * L1 coherent across instances through the {@link InvalidationBus}.
 *
 * <p>Freshness: with a tracked {@link Watermark}, an entry is served only while the watermark is trusted, that is
 * while this instance has applied the change stream recently enough; past that, reads skip both layers and load from
 * the database (fenced, and filling both layers) until the stream catches up. TTLs then only bound memory.
 *
 * <p>Failure policy: L2 degrades. A Redis failure is logged at WARN, counted, and the read continues from L1 and the
 * database; the circuit breaker then keeps Redis out of the path until it answers again. In the TTL-only design L1
 * is then cleared, because invalidations may have been missed meanwhile; with the change stream nothing was missed
 * (the watermark held until every change reached L1 and L2), so L1 stays warm. The database is protected by a bulkhead: past it the read fails
 * with {@link CacheOverloadedException} (503) instead of queueing without bound.
 */
public final class TieredCache<V extends Versioned> implements InvalidationBus.Receiver {

    private static final Logger LOG = LoggerFactory.getLogger(TieredCache.class);

    private static final String OUT_OF_REACH_L2 = "L2";
    private static final String OUT_OF_REACH_PEERS = "the other instances' L1";

    private final String name;
    private final CacheConfig config;
    private final Clock clock;
    private final CacheLoader<V> loader;
    private final CacheMetrics metrics;
    private final @Nullable RedisL2<V> l2;
    private final @Nullable Cache<Long, Entry<V>> l1;
    private final Cache<Long, Long> l1Tombstones;
    private final ConcurrentMap<Long, CompletableFuture<CacheRead<V>>> flights = new ConcurrentHashMap<>();
    private final ConcurrentMap<Long, CompletableFuture<Void>> releases = new ConcurrentHashMap<>();
    private final java.util.Set<Long> refreshing = ConcurrentHashMap.newKeySet();
    private final Semaphore loadSlots;
    private final Executor background;
    private final DoubleSupplier random;
    private final Watermark watermark;
    private volatile @Nullable InvalidationBus bus;

    TieredCache(String name, CacheConfig config, Clock clock, CacheLoader<V> loader, CacheMetrics metrics,
                @Nullable RedisL2<V> l2, Executor background, DoubleSupplier random, Watermark watermark) {
        this.name = name;
        this.config = config;
        this.clock = clock;
        this.loader = loader;
        this.metrics = metrics;
        this.l2 = config.l2().enabled() ? l2 : null;
        this.background = background;
        this.random = random;
        this.watermark = watermark;
        Ticker ticker = () -> TimeUnit.MILLISECONDS.toNanos(clock.millis());
        this.l1 = config.l1().enabled() ? Caffeine.newBuilder()
                .executor(Runnable::run)
                .maximumSize(config.l1().maximumSize())
                .ticker(ticker)
                .expireAfter(new RemainingLifetime<V>(clock))
                .build() : null;
        this.l1Tombstones = Caffeine.newBuilder().executor(Runnable::run).ticker(ticker).maximumSize(100_000)
                .expireAfterWrite(config.tombstoneTtl()).build();
        this.loadSlots = new Semaphore(config.bulkhead().maxConcurrentLoads());
    }

    void attach(InvalidationBus invalidationBus) {
        this.bus = invalidationBus;
    }

    void close() {
        InvalidationBus current = bus;
        if (current != null) {
            current.close();
        }
    }

    String name() {
        return name;
    }

    /** The outcome of looking a key up in the caches. */
    sealed interface Lookup<V> permits Hit, Miss {
    }

    /**
     * @param key   the key
     * @param entry the entry found
     * @param layer where
     */
    record Hit<V>(long key, Entry<V> entry, Layer layer) implements Lookup<V> {
    }

    /** @param minVersion the oldest version a load may bring; 0 for any */
    record Miss<V>(long minVersion) implements Lookup<V> {
    }

    Lookup<V> lookup(long key) {
        Lookup<V> local = withoutL2(key);
        if (local != null) {
            return local;
        }
        long minVersion = l1Tombstone(key);
        try {
            return fromL2(key, l2.get(key), minVersion);
        } catch (L2Unavailable e) {
            degraded(e);
            return new Miss<>(minVersion);
        }
    }

    /**
     * {@link #lookup} without blocking: completes at once unless L2 must answer, and then on Redis's I/O thread.
     *
     * @param key the key
     * @return the lookup; never fails with {@link L2Unavailable} (that is a miss, as in {@code lookup})
     */
    CompletionStage<Lookup<V>> lookupAsync(long key) {
        Lookup<V> local = withoutL2(key);
        if (local != null) {
            return CompletableFuture.completedFuture(local);
        }
        long minVersion = l1Tombstone(key);
        return l2.getAsync(key).handle((read, error) -> {
            if (error == null) {
                return fromL2(key, read, minVersion);
            }
            Throwable cause = error instanceof CompletionException wrapped ? wrapped.getCause() : error;
            if (cause instanceof L2Unavailable unavailable) {
                degraded(unavailable);
                return new Miss<>(minVersion);
            }
            throw error instanceof CompletionException completion ? completion : new CompletionException(error);
        });
    }

    /**
     * Reads without blocking the caller: a hit that L1 or L2 answers is {@code served} where it lands (at once for
     * L1, on Redis's I/O thread for L2), and only a load goes to the blocking executor, carrying the caller's
     * propagated context (its request id) with it.
     *
     * @param key    the key
     * @param served turns a hit into the answer; runs on the thread the hit lands on, so it must not block
     * @return the answer
     */
    CompletionStage<CacheRead<V>> getAsync(long key, Function<Hit<V>, CacheRead<V>> served) {
        PropagatedContext context = PropagatedContext.getOrEmpty();
        return lookupAsync(key).thenCompose(lookup -> switch (lookup) {
            case Hit<V> hit -> CompletableFuture.completedFuture(served.apply(hit));
            case Miss<V> miss -> {
                Supplier<CacheRead<V>> read = () -> load(key, miss.minVersion());
                yield onBlocking(context.wrap(read));
            }
        });
    }

    /**
     * @param work blocking work
     * @param <T>  its answer's type
     * @return its answer, computed on the blocking executor
     */
    <T> CompletionStage<T> onBlocking(Supplier<T> work) {
        try {
            return CompletableFuture.supplyAsync(work, background);
        } catch (RejectedExecutionException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /** @return the answer that needs no L2: an L1 hit, or a miss when the cache is untrusted or has no L2; else null */
    private @Nullable Lookup<V> withoutL2(long key) {
        if (!watermark.trusted()) {
            metrics.untrusted();
            return new Miss<>(l1Tombstone(key));
        }
        if (l1 != null) {
            Entry<V> entry = freshInL1(key);
            if (entry != null) {
                return new Hit<>(key, entry, Layer.L1);
            }
            metrics.l1(false);
        }
        return l2 == null ? new Miss<>(l1Tombstone(key)) : null;
    }

    private Lookup<V> fromL2(long key, RedisL2.Read<V> read, long minVersion) {
        if (read instanceof RedisL2.Found<V> found && !found.entry().expiredAt(clock.millis())
                && found.entry().version() >= minVersion) {
            metrics.l2(true);
            putL1(key, found.entry());
            return new Hit<>(key, found.entry(), Layer.L2);
        }
        metrics.l2(false);
        return new Miss<>(read instanceof RedisL2.Tombstone<V> tombstone
                ? Math.max(minVersion, tombstone.minVersion()) : minVersion);
    }

    /** Counts a hit; the caller has checked that L1 exists and the watermark is trusted. */
    private @Nullable Entry<V> freshInL1(long key) {
        Entry<V> entry = l1.getIfPresent(key);
        if (entry == null || entry.expiredAt(clock.millis())) {
            return null;
        }
        metrics.l1(true);
        return entry;
    }

    /**
     * Reads through: a cached answer, or a single-flight load.
     *
     * @param key the key
     * @return the answer
     */
    CacheRead<V> get(long key) {
        Lookup<V> lookup = lookup(key);
        if (lookup instanceof Hit<V> hit) {
            return new CacheRead<>(hit.entry().value(), hit.layer());
        }
        return load(key, ((Miss<V>) lookup).minVersion());
    }

    /**
     * Loads a key once per instance and, when enabled, once per cluster, filling both layers. A reader that joins a
     * flight started with an older {@code minVersion} than its own (it saw a newer tombstone) and gets an older
     * answer loads again with its own.
     *
     * @param key        the key
     * @param minVersion the oldest acceptable version
     * @return the answer
     */
    CacheRead<V> load(long key, long minVersion) {
        if (!config.singleFlight().local()) {
            return loadClusterWide(key, minVersion);
        }
        CompletableFuture<CacheRead<V>> mine = new CompletableFuture<>();
        CompletableFuture<CacheRead<V>> running = flights.putIfAbsent(key, mine);
        if (running != null) {
            metrics.coalesced(false);
            CacheRead<V> joined = joinFlight(key, running);
            if (minVersion == 0 || joined.value() != null && joined.value().version() >= minVersion) {
                return joined;
            }
            return loadClusterWide(key, minVersion);
        }
        try {
            mine.complete(loadClusterWide(key, minVersion));
        } catch (RuntimeException e) {
            mine.completeExceptionally(e);
        } finally {
            flights.remove(key, mine);
        }
        return join(mine);
    }

    private CacheRead<V> loadClusterWide(long key, long minVersion) {
        if (l2 == null || !config.singleFlight().cluster() || !watermark.trusted()) {
            return new CacheRead<>(fill(key, loadFromSource(key, minVersion)).value(), Layer.MISS);
        }
        String token = Long.toHexString(ThreadLocalRandom.current().nextLong());
        long deadline = System.nanoTime() + config.singleFlight().waitTimeout().toNanos();
        try {
            while (true) {
                if (l2.acquireLease(key, token, config.singleFlight().leaseTtl())) {
                    try {
                        Optional<Entry<V>> filledMeanwhile = filled(key, minVersion);
                        if (filledMeanwhile.isPresent()) {
                            metrics.coalesced(true);
                            putL1(key, filledMeanwhile.get());
                            return new CacheRead<>(filledMeanwhile.get().value(), Layer.L2);
                        }
                        return new CacheRead<>(fill(key, loadFromSource(key, minVersion)).value(), Layer.MISS);
                    } finally {
                        release(key, token);
                    }
                }
                Optional<Entry<V>> filled = awaitFill(key, minVersion, deadline);
                if (filled.isPresent()) {
                    metrics.coalesced(true);
                    putL1(key, filled.get());
                    return new CacheRead<>(filled.get().value(), Layer.L2);
                }
                if (System.nanoTime() >= deadline) {
                    LOG.warn("{} key {}: no fill from the lease holder within {} ms, loading here", name, key,
                            config.singleFlight().waitTimeout().toMillis());
                    return new CacheRead<>(fill(key, loadFromSource(key, minVersion)).value(), Layer.MISS);
                }
            }
        } catch (L2Unavailable e) {
            degraded(e);
            return new CacheRead<>(fill(key, loadFromSource(key, minVersion)).value(), Layer.MISS);
        }
    }

    /**
     * Waits while another holds the key's lease: until its release signal, or {@code single-flight.recheck}, or the
     * deadline, whichever comes first, then looks at L2 and the lease again. The signal is registered for before
     * each look, so a release between the look and the wait still wakes the waiter.
     *
     * @return the fill, or empty when the lease is free (take it) or the deadline has passed
     */
    private Optional<Entry<V>> awaitFill(long key, long minVersion, long deadline) {
        long recheck = config.singleFlight().recheck().toNanos();
        CompletableFuture<Void> signal = null;
        try {
            while (true) {
                signal = releases.computeIfAbsent(key, k -> new CompletableFuture<>());
                Optional<Entry<V>> filled = filled(key, minVersion);
                if (filled.isPresent()) {
                    return filled;
                }
                long left = deadline - System.nanoTime();
                if (left <= 0 || !l2.leaseHeld(key)) {
                    return Optional.empty();
                }
                metrics.fillWait(await(signal, Math.min(left, recheck)) ? "signal" : "recheck");
            }
        } finally {
            if (signal != null) {
                releases.remove(key, signal);
            }
        }
    }

    /** @return whether the signal came within the wait */
    private static boolean await(CompletableFuture<Void> signal, long nanos) {
        try {
            signal.get(nanos, TimeUnit.NANOSECONDS);
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (ExecutionException e) {
            throw new IllegalStateException("a release signal never fails", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CompletionException(e);
        }
    }

    /**
     * Releases a lease this instance holds and signals the instances waiting for it. A release that fails (the state
     * Redis is down) is logged and left to the lease's TTL: the load it guarded has succeeded, and throwing here
     * would throw that answer away and load again, just when the database can least afford it.
     */
    private void release(long key, String token) {
        try {
            l2.releaseLease(key, token);
        } catch (L2Unavailable e) {
            LOG.warn("{} key {}: lease not released, it expires within {} ms: {}", name, key,
                    config.singleFlight().leaseTtl().toMillis(), e.getMessage());
        }
        InvalidationBus signals = bus;
        if (signals != null) {
            signals.signalReleased(key);
        }
    }

    /**
     * @return L2's entry for the key when it is usable: fresh and at least {@code minVersion}. Read again after taking
     *         a lease, because the previous holder may have filled and released between a waiter's last look and
     *         its turn, and loading then would be a second load for one miss.
     */
    private Optional<Entry<V>> filled(long key, long minVersion) {
        if (l2.get(key) instanceof RedisL2.Found<V> found && found.entry().version() >= minVersion
                && !found.entry().expiredAt(clock.millis())) {
            return Optional.of(found.entry());
        }
        return Optional.empty();
    }

    Entry<V> loadFromSource(long key, long minVersion) {
        return bounded(key, () -> {
            long start = System.nanoTime();
            Optional<V> value = loader.load(key, minVersion);
            long elapsed = System.nanoTime() - start;
            metrics.loaded(elapsed);
            long now = clock.millis();
            double loadMillis = elapsed / 1e6;
            return value.map(v -> new Entry<>(v, v.version(), now, now + jittered(ttl()), loadMillis))
                    .orElseGet(() -> new Entry<>(null, 0, now, now + jittered(config.negativeTtl()), loadMillis));
        });
    }

    /**
     * Runs a read of the source within the bulkhead that bounds this cache's loads.
     *
     * @param key  the key it reads, for the error
     * @param read the read
     * @param <T>  its answer's type
     * @return its answer
     * @throws CacheOverloadedException when no slot frees within {@code bulkhead.max-wait}
     */
    <T> T bounded(long key, Supplier<T> read) {
        Duration wait = config.bulkhead().maxWait();
        boolean acquired;
        try {
            acquired = loadSlots.tryAcquire(wait.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CacheOverloadedException(name, key, wait);
        }
        if (!acquired) {
            throw new CacheOverloadedException(name, key, wait);
        }
        try {
            return read.get();
        } finally {
            loadSlots.release();
        }
    }

    /**
     * Offers an entry to both layers; each keeps it only if it is not older than what it knows.
     *
     * @return the entry that won: ours, or a newer one already in L2
     */
    Entry<V> fill(long key, Entry<V> entry) {
        if (l2 != null) {
            try {
                if (!l2.putIfNewer(key, entry) && l2.get(key) instanceof RedisL2.Found<V> newer
                        && newer.entry().version() > entry.version()) {
                    putL1(key, newer.entry());
                    return newer.entry();
                }
            } catch (L2Unavailable e) {
                degraded(e);
            }
        }
        putL1(key, entry);
        return entry;
    }

    /**
     * Refreshes a key in the background unless a refresh of it is already running here or anywhere in the cluster, or
     * has already happened: an instance whose L1 copy is older than L2's takes L2's instead of loading again. A refresh
     * that finds a newer version tells the other instances to drop their L1 copies.
     *
     * @param key   the key
     * @param stale the entry being replaced; a refresh never goes back to an older version
     */
    void refreshInBackground(long key, Entry<V> stale) {
        if (!refreshing.add(key)) {
            return;
        }
        try {
            background.execute(() -> {
                try {
                    refresh(key, stale);
                } catch (RuntimeException e) {
                    LOG.warn("{} key {}: background refresh failed: {}", name, key, e.toString());
                } finally {
                    refreshing.remove(key);
                }
            });
        } catch (RuntimeException rejected) {
            refreshing.remove(key);
        }
    }

    private void refresh(long key, Entry<V> stale) {
        if (l2 == null) {
            reloaded(key, stale, fill(key, loadFromSource(key, stale.version())));
            return;
        }
        String token = Long.toHexString(ThreadLocalRandom.current().nextLong());
        if (!l2.acquireLease(key, token, config.singleFlight().leaseTtl())) {
            metrics.coalesced(true);
            return;
        }
        try {
            if (l2.get(key) instanceof RedisL2.Found<V> current && current.entry().storedAt() > stale.storedAt()
                    && current.entry().version() >= stale.version()) {
                metrics.coalesced(true);
                putL1(key, current.entry());
                return;
            }
            reloaded(key, stale, fill(key, loadFromSource(key, stale.version())));
        } finally {
            release(key, token);
        }
    }

    private void reloaded(long key, Entry<V> stale, Entry<V> fresh) {
        if (fresh.version() > stale.version()) {
            publish(key, fresh.version());
        }
    }

    boolean shouldRefresh(Entry<V> entry) {
        return XFetch.shouldRefresh(clock.millis(), entry.expiresAt(), entry.loadMillis(), config.beta(),
                random.getAsDouble());
    }

    /**
     * After a write: a tombstone in L2 holding the written version, the key dropped from L1 here and, through the
     * bus, on every other instance.
     */
    void invalidateEverywhere(long key, long version) {
        if (l2 != null) {
            try {
                l2.tombstone(key, version, config.tombstoneTtl());
            } catch (L2Unavailable e) {
                degraded(e);
            }
        }
        invalidate(key, version);
        publish(key, version);
    }

    /** After a write: the new value into L2 and this instance's L1; other instances drop the key. */
    void writeThrough(long key, V value) {
        Entry<V> entry = committed(value, clock.millis());
        l1Tombstones.asMap().merge(key, value.version(), Math::max);
        fill(key, entry);
        publish(key, value.version());
    }

    /**
     * Offers values just read from the source to L2 only, pipelined; each is kept only where L2
     * holds nothing newer, a tombstone of a later change included, so a preload never brings back an older price.
     *
     * @return how many L2 kept; 0 without L2
     * @throws L2Unavailable when L2 cannot be reached
     */
    int preload(Map<Long, V> values) {
        if (l2 == null || values.isEmpty()) {
            return 0;
        }
        long now = clock.millis();
        Map<Long, Entry<V>> entries = new LinkedHashMap<>(values.size() * 2);
        values.forEach((key, value) -> entries.put(key, committed(value, now)));
        return l2.putAllIfNewer(entries);
    }

    /** An entry for a value known committed (written, or read by a preload), with no load time of its own. */
    private Entry<V> committed(V value, long now) {
        return new Entry<>(value, value.version(), now, now + jittered(ttl()), 0);
    }

    /**
     * Operator eviction of one key: this instance's L1 in any case, L2 and the other instances' L1 as far as Redis
     * answers.
     *
     * @return what could not be evicted
     */
    List<String> evict(long key) {
        List<String> missed = new ArrayList<>();
        if (l2 != null) {
            try {
                l2.delete(key);
            } catch (L2Unavailable e) {
                degraded(e);
                missed.add(OUT_OF_REACH_L2);
            }
        }
        if (l1 != null) {
            l1.invalidate(key);
        }
        if (!publish(key, 0)) {
            missed.add(OUT_OF_REACH_PEERS);
        }
        return missed;
    }

    /** Operator eviction of every key, as {@link #evict(long)} does one. */
    List<String> evictAll() {
        List<String> missed = new ArrayList<>();
        if (l2 != null) {
            try {
                l2.deleteAll();
            } catch (L2Unavailable e) {
                degraded(e);
                missed.add(OUT_OF_REACH_L2);
            }
        }
        clearAll("operator");
        if (!publish(-1, 0)) {
            missed.add(OUT_OF_REACH_PEERS);
        }
        return missed;
    }

    /**
     * Applies a committed change from the change stream: the L1 tombstone and L1 here, then the L2 tombstone.
     *
     * @return false when L2 could not be told, so that the stream applies the change again
     */
    boolean changed(long key, long version) {
        invalidate(key, version);
        if (l2 != null) {
            try {
                l2.tombstone(key, version, config.tombstoneTtl());
            } catch (L2Unavailable e) {
                return false;
            }
        }
        return true;
    }

    /**
     * Drops the key from L1 unless L1 already holds {@code version} or newer; version 0 drops it in any case. A
     * compute, not a computeIfPresent, so that it waits for a fill of the same key in progress instead of missing it.
     */
    @Override
    public void invalidate(long key, long version) {
        if (version > 0) {
            l1Tombstones.asMap().merge(key, version, Math::max);
        }
        if (l1 != null) {
            l1.asMap().compute(key, (k, current) -> current != null && version > 0 && current.version() >= version
                    ? current : null);
        }
    }

    @Override
    public void released(long key) {
        CompletableFuture<Void> waiting = releases.remove(key);
        if (waiting != null) {
            waiting.complete(null);
        }
    }

    @Override
    public void clearAll(String reason) {
        if (l1 != null) {
            l1.invalidateAll();
        }
        metrics.l1Cleared(reason);
    }

    Map<String, Object> inspect(long key) {
        long now = clock.millis();
        Map<String, Object> layers = new LinkedHashMap<>();
        layers.put("key", key);
        layers.put("l1", l1 == null ? "disabled" : describe(l1.getIfPresent(key), now));
        Long tombstone = l1Tombstones.getIfPresent(key);
        if (tombstone != null) {
            layers.put("l1MinVersion", tombstone);
        }
        if (l2 == null) {
            layers.put("l2", "disabled");
        } else {
            try {
                RedisL2.Read<V> read = l2.get(key);
                Object l2View = switch (read) {
                    case RedisL2.Found<V> found -> describe(found.entry(), now);
                    case RedisL2.Tombstone<V> tombstoneRead -> Map.of("tombstone", true,
                            "minVersion", tombstoneRead.minVersion(), "remainingTtlMs", l2.remainingMillis(key));
                    case RedisL2.Absent<V> absent -> "absent";
                };
                layers.put("l2", l2View);
            } catch (L2Unavailable e) {
                layers.put("l2", "unavailable: " + e.getMessage());
            }
        }
        return layers;
    }

    private Map<String, Object> describe(@Nullable Entry<V> entry, long now) {
        if (entry == null) {
            return Map.of("present", false);
        }
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("present", true);
        view.put("negative", entry.isNegative());
        view.put("version", entry.version());
        view.put("ageMs", now - entry.storedAt());
        view.put("remainingTtlMs", Math.max(0, entry.expiresAt() - now));
        view.put("loadMs", entry.loadMillis());
        view.put("expectedRefreshInMs", Math.max(0,
                Math.round(entry.expiresAt() - entry.loadMillis() * config.beta() - now)));
        return view;
    }

    /**
     * Puts an entry into L1 unless a tombstone or a newer entry forbids it. The check and the put are one atomic step
     * per key, so an invalidation cannot slip between them: it either lands first and the put sees its tombstone, or
     * lands after and removes what the put stored.
     */
    private void putL1(long key, Entry<V> entry) {
        if (l1 != null) {
            l1.asMap().compute(key, (k, current) -> entry.version() < l1Tombstone(k)
                    || current != null && current.version() > entry.version() ? current : entry);
        }
    }

    private long l1Tombstone(long key) {
        Long version = l1Tombstones.getIfPresent(key);
        return version == null ? 0 : version;
    }

    /** @return false when the other instances could not be told (no bus, with strategy none, counts as told) */
    private boolean publish(long key, long version) {
        InvalidationBus current = bus;
        return current == null || current.publish(key, version);
    }

    private Duration ttl() {
        return l2 != null ? config.l2().ttl() : config.l1().ttl();
    }

    private long jittered(Duration ttl) {
        double cut = config.jitter() * ThreadLocalRandom.current().nextDouble();
        return Math.max(1, Math.round(ttl.toMillis() * (1 - cut)));
    }

    private void degraded(L2Unavailable e) {
        LOG.warn("{}: L2 unavailable, serving from L1 and the database: {}", name, e.getMessage());
    }


    /**
     * Waits for the flight this read joined, at most as long as the flight itself may legitimately take: a slot of
     * the bulkhead, a wait for another instance's fill, and a load within the lease.
     *
     * @throws CacheOverloadedException when the flight has not finished by then (its database is hung or slow)
     */
    private CacheRead<V> joinFlight(long key, CompletableFuture<CacheRead<V>> flight) {
        Duration bound = config.bulkhead().maxWait().plus(config.singleFlight().waitTimeout())
                .plus(config.singleFlight().leaseTtl());
        try {
            return flight.get(bound.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            throw CacheOverloadedException.flightTooSlow(name, key, bound);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new CompletionException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CompletionException(e);
        }
    }

    private static <T> T join(CompletableFuture<T> future) {
        try {
            return future.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw e;
        }
    }

    /** L1 keeps an entry for the shorter of its own TTL and what the entry has left (an L2 back-fill's remainder). */
    private final class RemainingLifetime<T> implements Expiry<Long, Entry<T>> {
        private final Clock clock;

        RemainingLifetime(Clock clock) {
            this.clock = clock;
        }

        @Override
        public long expireAfterCreate(Long key, Entry<T> entry, long currentTime) {
            long remaining = Math.max(0, entry.expiresAt() - clock.millis());
            return TimeUnit.MILLISECONDS.toNanos(Math.min(remaining, config.l1().ttl().toMillis()));
        }

        @Override
        public long expireAfterUpdate(Long key, Entry<T> entry, long currentTime, long currentDuration) {
            return expireAfterCreate(key, entry, currentTime);
        }

        @Override
        public long expireAfterRead(Long key, Entry<T> entry, long currentTime, long currentDuration) {
            return currentDuration;
        }
    }
}
