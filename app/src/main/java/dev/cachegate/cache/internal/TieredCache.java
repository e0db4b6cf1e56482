package dev.cachegate.cache.internal;

import com.github.benmanes.caffeine.cache.Ticker;
import dev.cachegate.cache.CacheLoader;
import dev.cachegate.cache.CacheOverloadedException;
import dev.cachegate.cache.CacheRead;
import dev.cachegate.cache.CacheSettings;
import dev.cachegate.cache.KeySnapshot;
import dev.cachegate.cache.Versioned;
import dev.cachegate.cache.Watermark;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.propagation.PropagatedContext;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.DoubleSupplier;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The mechanics every strategy shares, composed from one part per concern: the {@link Finder lookup} in L1 then L2,
 * the {@link LocalFlight local} and {@link ClusterFlight cluster} single flights over the {@link Leases leases},
 * {@link Fill fencing} of every fill by version, {@link Tombstones} of invalidated versions, the {@link LocalLayer L1}
 * kept coherent across instances through the {@link Peers} (the {@link InvalidationBus}), the {@link Source} behind
 * its bulkhead, and {@link Refresh refresh-ahead}. Durations and deadlines come from one {@link Ticker}; the
 * {@link Clock} only stamps and expires stored entries.
 *
 * <p>Freshness: with a tracked {@link Watermark}, an entry is served only while the watermark is trusted, that is
 * while this instance has applied the change stream recently enough; past that, reads skip both layers and load from
 * the database (fenced, and filling both layers) until the stream catches up. TTLs then only bound memory.
 *
 * <p>Failure policy: L2 degrades. A Redis failure is logged at WARN, counted, and the read continues from L1 and the
 * database; the circuit breaker then keeps Redis out of the path until it answers again. In the TTL-only design L1
 * is then cleared, because invalidations may have been missed meanwhile; with the change stream nothing was missed
 * (the watermark held until every change reached L1 and L2), so L1 stays warm. The database is protected by a
 * bulkhead: past it the read fails with {@link CacheOverloadedException} (503) instead of queueing without bound.
 */
public final class TieredCache<V extends Versioned> implements InvalidationBus.Receiver {

    private static final String OUT_OF_REACH_L2 = "L2";
    private static final String OUT_OF_REACH_PEERS = "the other instances' L1";

    private final String name;
    private final CacheSettings settings;
    private final Clock clock;
    private final CacheMetrics metrics;
    private final @Nullable RedisL2<V> l2;
    private final LocalLayer<V> l1;
    private final Tombstones tombstones;
    private final @Nullable Leases leases;
    private final BusPeers peers = new BusPeers();
    private final Lifetimes lifetimes;
    private final Source<V> source;
    private final Fill<V> fill;
    private final Finder<V> finder;
    private final Flight<V> flight;
    private final Refresh<V> refresh;
    private final Executor background;

    TieredCache(String name, CacheSettings settings, Clock clock, Ticker ticker, CacheLoader<V> loader,
                CacheMetrics metrics, @Nullable RedisL2<V> l2, Executor background, DoubleSupplier random,
                Watermark watermark) {
        this.name = name;
        this.settings = settings;
        this.clock = clock;
        this.metrics = metrics;
        this.background = background;
        this.l2 = settings.l2().enabled() ? l2 : null;
        this.tombstones = new CaffeineTombstones(settings.tombstoneTtl(), settings.tombstoneMaxEntries(), ticker);
        this.l1 = settings.l1().enabled()
                ? new CaffeineL1<>(settings.l1().maximumSize(), settings.l1().ttl(), tombstones, clock, ticker)
                : new NoL1<>();
        this.leases = this.l2 == null ? null
                : new RedisLeases(name, this.l2, settings.singleFlight().leaseTtl(), peers);
        this.lifetimes = new Lifetimes(this.l2 != null ? settings.l2().ttl() : settings.l1().ttl(),
                settings.negativeTtl(), settings.jitter(), clock);
        this.source = new BulkheadSource<>(name, loader, settings.bulkhead().maxConcurrentLoads(),
                settings.bulkhead().maxWait(), lifetimes, metrics, ticker);
        this.fill = new FencedFill<>(name, this.l2, l1);
        this.finder = new LayeredFinder<>(name, l1, this.l2, tombstones, watermark, metrics, clock);
        LoadPath<V> path = new LoadPath<>(name, this.l2, leases, l1, fill, source, metrics, clock);
        Flight<V> cluster = new ClusterFlight<>(path, watermark, settings.singleFlight(), ticker);
        this.flight = settings.singleFlight().local() ? new LocalFlight<>(name, cluster, settings, metrics) : cluster;
        this.refresh = new BackgroundRefresh<>(path, peers, background, new XFetch(settings.beta(), random));
    }

    void attach(InvalidationBus invalidationBus) {
        peers.attach(invalidationBus);
    }

    void close() {
        peers.close();
    }

    String name() {
        return name;
    }

    Lookup<V> lookup(long key) {
        return finder.find(key);
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
    CompletionStage<CacheRead<V>> getAsync(long key, Function<Lookup.Hit<V>, CacheRead<V>> served) {
        PropagatedContext context = PropagatedContext.getOrEmpty();
        return finder.findAsync(key).thenCompose(lookup -> switch (lookup) {
            case Lookup.Hit<V> hit -> CompletableFuture.completedFuture(served.apply(hit));
            case Lookup.Miss<V> miss -> {
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

    /**
     * Reads through: a cached answer, or a single-flight load.
     *
     * @param key the key
     * @return the answer
     */
    CacheRead<V> get(long key) {
        return switch (finder.find(key)) {
            case Lookup.Hit<V> hit -> new CacheRead<>(hit.entry().value(), hit.layer());
            case Lookup.Miss<V> miss -> load(key, miss.minVersion());
        };
    }

    /**
     * Loads a key once per instance and, when enabled, once per cluster, filling both layers.
     *
     * @param key        the key
     * @param minVersion the oldest acceptable version
     * @return the answer
     */
    CacheRead<V> load(long key, long minVersion) {
        return flight.load(key, minVersion);
    }

    Entry<V> loadFromSource(long key, long minVersion) {
        return source.load(key, minVersion);
    }

    /** @see Source#bounded */
    <T> T bounded(long key, Supplier<T> read) {
        return source.bounded(key, read);
    }

    /** @see Fill#fill */
    Entry<V> fill(long key, Entry<V> entry) {
        return fill.fill(key, entry);
    }

    Refresh<V> refresh() {
        return refresh;
    }

    /**
     * After a write: a tombstone in L2 holding the written version, the key dropped from L1 here and, through the
     * bus, on every other instance.
     */
    void invalidateEverywhere(long key, long version) {
        if (l2 != null) {
            try {
                l2.tombstone(key, version, settings.tombstoneTtl());
            } catch (L2Unavailable e) {
                e.logDegraded(name);
            }
        }
        invalidate(key, version);
        peers.publish(key, version);
    }

    /** After a write: the new value into L2 and this instance's L1; other instances drop the key. */
    void writeThrough(long key, V value) {
        Entry<V> entry = lifetimes.committed(value, clock.millis());
        tombstones.raise(key, value.version());
        fill.fill(key, entry);
        peers.publish(key, value.version());
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
        values.forEach((key, value) -> entries.put(key, lifetimes.committed(value, now)));
        return l2.putAllIfNewer(entries);
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
                e.logDegraded(name);
                missed.add(OUT_OF_REACH_L2);
            }
        }
        l1.drop(key, 0);
        if (!peers.publish(key, 0)) {
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
                e.logDegraded(name);
                missed.add(OUT_OF_REACH_L2);
            }
        }
        clearAll("operator");
        if (!peers.publish(-1, 0)) {
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
                l2.tombstone(key, version, settings.tombstoneTtl());
            } catch (L2Unavailable e) {
                return false;
            }
        }
        return true;
    }

    /** Raises the key's tombstone to {@code version} and drops older copies from L1; version 0 drops any copy. */
    @Override
    public void invalidate(long key, long version) {
        if (version > 0) {
            tombstones.raise(key, version);
        }
        l1.drop(key, version);
    }

    @Override
    public void released(long key) {
        if (leases != null) {
            leases.released(key);
        }
    }

    @Override
    public void clearAll(String reason) {
        l1.clear();
        metrics.l1Cleared(reason);
    }

    /**
     * @param strategy the strategy's name, for the reader
     * @param key      the key
     * @return what each layer holds for the key now
     */
    KeySnapshot snapshot(String strategy, long key) {
        KeySnapshot.LayerState inL1 = l1.enabled() ? state(l1.get(key)) : new KeySnapshot.Disabled();
        return new KeySnapshot(strategy, key, clock.millis(), inL1, tombstones.minVersion(key), l2State(key));
    }

    private KeySnapshot.LayerState l2State(long key) {
        if (l2 == null) {
            return new KeySnapshot.Disabled();
        }
        try {
            return switch (l2.get(key)) {
                case RedisL2.Found<V> found -> state(found.entry());
                case RedisL2.Tombstone<V> tombstone ->
                        new KeySnapshot.Fenced(tombstone.minVersion(), l2.remainingMillis(key));
                case RedisL2.Absent<V> absent -> new KeySnapshot.Absent();
            };
        } catch (L2Unavailable e) {
            return new KeySnapshot.Unavailable(e.getMessage());
        }
    }

    private KeySnapshot.LayerState state(@Nullable Entry<V> entry) {
        if (entry == null) {
            return new KeySnapshot.Absent();
        }
        return new KeySnapshot.Held(entry.isNegative(), entry.version(), entry.storedAt(), entry.expiresAt(),
                entry.loadMillis(), entry.expiresAt() - entry.loadMillis() * settings.beta());
    }
}
