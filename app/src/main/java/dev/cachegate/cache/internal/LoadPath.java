package dev.cachegate.cache.internal;

import dev.cachegate.cache.Versioned;
import io.micronaut.core.annotation.Nullable;

import java.time.Clock;

/**
 * The parts a load goes through, shared by the single flight and the background refresh: the layers it fills, the
 * leases that make it one per cluster, the fencing fill, the bounded source, and the cache's meters.
 *
 * @param name    the cache's name, for logs
 * @param l2      L2; null without it
 * @param leases  the cluster-wide leases; null without L2
 * @param l1      L1
 * @param fill    the fencing fill
 * @param source  the source behind its bulkhead
 * @param metrics the cache's meters
 * @param clock   the time of stored timestamps
 * @param <V>     the value type
 */
record LoadPath<V extends Versioned>(String name, @Nullable RedisL2<V> l2, @Nullable Leases leases, LocalLayer<V> l1,
                                     Fill<V> fill, Source<V> source, CacheMetrics metrics, Clock clock) {

    /** @return the source's answer for at least {@code minVersion}, filled into both layers as far as they take it */
    Entry<V> loadAndFill(long key, long minVersion) {
        return fill.fill(key, source.load(key, minVersion));
    }

    /** An entry another instance filled, taken instead of loading: counted, and kept in L1. */
    Entry<V> coalesced(long key, Entry<V> entry) {
        metrics.coalesced(true);
        l1.offer(key, entry);
        return entry;
    }
}
