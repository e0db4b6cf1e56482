package dev.cachegate.cache.internal;

import dev.cachegate.cache.CacheRead;
import dev.cachegate.cache.Layer;
import dev.cachegate.cache.Versioned;
import io.micronaut.core.annotation.Nullable;

/**
 * Refresh-ahead: a read past an entry's XFetch refresh point is answered at once from the cache while one background
 * reload runs for the whole cluster (a local guard plus the Redis lease), so hot keys never expire under their
 * readers and keys nobody reads are never refreshed. A committed write invalidates like cache-aside.
 */
final class RefreshAheadCache<V extends Versioned> extends StrategyCache<V> {

    RefreshAheadCache(TieredCache<V> core) {
        super(core);
    }

    @Override
    public CacheRead<V> get(long key) {
        TieredCache.Lookup<V> lookup = core.lookup(key);
        if (lookup instanceof TieredCache.Hit<V> hit) {
            return served(key, hit.entry(), hit.layer());
        }
        return core.load(key, ((TieredCache.Miss<V>) lookup).minVersion());
    }

    @Override
    public @Nullable CacheRead<V> getIfLocal(long key) {
        Entry<V> hit = core.l1Hit(key);
        return hit == null ? null : served(key, hit, Layer.L1);
    }

    private CacheRead<V> served(long key, Entry<V> entry, Layer layer) {
        if (core.shouldRefresh(entry)) {
            core.refreshInBackground(key, entry);
        }
        return new CacheRead<>(entry.value(), layer);
    }

    @Override
    public void written(long key, V value) {
        core.invalidateEverywhere(key, value.version());
    }
}
