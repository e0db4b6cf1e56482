package dev.cachegate.cache.internal;

import dev.cachegate.cache.VersionedCache;
import dev.cachegate.cache.Versioned;

import java.util.Map;

/** What every strategy does the same way: operator eviction and inspection. */
abstract sealed class StrategyCache<V extends Versioned> implements VersionedCache<V>
        permits CacheAsideCache, WriteThroughCache, RefreshAheadCache, NoCache {

    final TieredCache<V> core;

    StrategyCache(TieredCache<V> core) {
        this.core = core;
    }

    @Override
    public void evict(long key) {
        core.evict(key);
    }

    @Override
    public void evictAll() {
        core.evictAll();
    }

    @Override
    public Map<String, Object> inspect(long key) {
        Map<String, Object> view = new java.util.LinkedHashMap<>();
        view.put("strategy", getClass().getSimpleName());
        view.putAll(core.inspect(key));
        return view;
    }
}
