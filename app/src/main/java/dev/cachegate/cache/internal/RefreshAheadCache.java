package dev.cachegate.cache.internal;

import dev.cachegate.cache.CacheRead;
import dev.cachegate.cache.Versioned;

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
            return served(hit);
        }
        return core.load(key, ((TieredCache.Miss<V>) lookup).minVersion());
    }

    @Override
    CacheRead<V> served(TieredCache.Hit<V> hit) {
        if (core.shouldRefresh(hit.entry())) {
            core.refreshInBackground(hit.key(), hit.entry());
        }
        return super.served(hit);
    }

    @Override
    public void written(long key, V value) {
        core.invalidateEverywhere(key, value.version());
    }
}
