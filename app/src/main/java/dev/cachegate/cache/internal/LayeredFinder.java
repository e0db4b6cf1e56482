package dev.cachegate.cache.internal;

import dev.cachegate.cache.Layer;
import dev.cachegate.cache.Versioned;
import dev.cachegate.cache.Watermark;
import io.micronaut.core.annotation.Nullable;

import java.time.Clock;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

/**
 * Looks in L1, then L2, back-filling L1 from an L2 hit. An entry is served only while the {@link Watermark} is
 * trusted and while its stored expiry is ahead of the clock; an L2 entry only if it is at least the key's tombstone.
 *
 * <p>The L1 hit path is one Caffeine read, one clock read, one counter increment and the {@link Lookup.Hit}: no
 * other allocation and no other map lookup.
 *
 * <p>Failure policy: L2 degrades. A Redis failure is logged at WARN, counted, and the lookup answers a miss, so that
 * the read continues from the database.
 *
 * @param name       the cache's name, for logs
 * @param l1         L1
 * @param l2         L2; null without it
 * @param tombstones the minimum versions an L2 entry must meet
 * @param watermark  whether cached entries may be served at all
 * @param metrics    the cache's meters
 * @param clock      the time of entries' stored expiries
 * @param <V>        the value type
 */
record LayeredFinder<V extends Versioned>(String name, LocalLayer<V> l1, @Nullable RedisL2<V> l2,
                                          Tombstones tombstones, Watermark watermark, CacheMetrics metrics,
                                          Clock clock) implements Finder<V> {

    @Override
    public Lookup<V> find(long key) {
        Lookup<V> local = withoutL2(key);
        if (local != null) {
            return local;
        }
        long minVersion = tombstones.minVersion(key);
        try {
            return fromL2(key, l2.get(key), minVersion);
        } catch (L2Unavailable e) {
            e.logDegraded(name);
            return new Lookup.Miss<>(minVersion);
        }
    }

    @Override
    public CompletionStage<Lookup<V>> findAsync(long key) {
        Lookup<V> local = withoutL2(key);
        if (local != null) {
            return CompletableFuture.completedFuture(local);
        }
        long minVersion = tombstones.minVersion(key);
        return l2.getAsync(key).handle((read, error) -> {
            if (error == null) {
                return fromL2(key, read, minVersion);
            }
            Throwable cause = error instanceof CompletionException wrapped ? wrapped.getCause() : error;
            if (cause instanceof L2Unavailable unavailable) {
                unavailable.logDegraded(name);
                return new Lookup.Miss<>(minVersion);
            }
            throw error instanceof CompletionException completion ? completion : new CompletionException(error);
        });
    }

    /** @return the answer that needs no L2: an L1 hit, or a miss when the cache is untrusted or has no L2; else null */
    private @Nullable Lookup<V> withoutL2(long key) {
        if (!watermark.trusted()) {
            metrics.untrusted();
            return new Lookup.Miss<>(tombstones.minVersion(key));
        }
        if (l1.enabled()) {
            Entry<V> entry = l1.get(key);
            if (entry != null && !entry.expiredAt(clock.millis())) {
                metrics.l1(true);
                return new Lookup.Hit<>(key, entry, Layer.L1);
            }
            metrics.l1(false);
        }
        return l2 == null ? new Lookup.Miss<>(tombstones.minVersion(key)) : null;
    }

    private Lookup<V> fromL2(long key, RedisL2.Read<V> read, long minVersion) {
        if (read instanceof RedisL2.Found<V> found && !found.entry().expiredAt(clock.millis())
                && found.entry().version() >= minVersion) {
            metrics.l2(true);
            l1.offer(key, found.entry());
            return new Lookup.Hit<>(key, found.entry(), Layer.L2);
        }
        metrics.l2(false);
        return new Lookup.Miss<>(read instanceof RedisL2.Tombstone<V> tombstone
                ? Math.max(minVersion, tombstone.minVersion()) : minVersion);
    }
}
