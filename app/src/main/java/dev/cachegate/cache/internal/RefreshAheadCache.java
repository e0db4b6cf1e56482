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
        return switch (core.lookup(key)) {
            case Lookup.Hit<V> hit -> served(hit);
            case Lookup.Miss<V> miss -> core.load(key, miss.minVersion());
        };
    }

    @Override
    CacheRead<V> served(Lookup.Hit<V> hit) {
        Refresh<V> refresh = core.refresh();
        if (refresh.due(hit.entry())) {
            refresh.inBackground(hit.key(), hit.entry());
        }
        return super.served(hit);
    }

    @Override
    public void written(long key, V value) {
        core.invalidateEverywhere(key, value.version());
    }
}
