package dev.cachegate.cache.internal;

import dev.cachegate.cache.CacheRead;
import dev.cachegate.cache.Layer;
import dev.cachegate.cache.Versioned;
import io.micronaut.core.annotation.Nullable;

import java.util.Map;

/** No caching: every read loads (through the bulkhead, and counted), for comparison runs. */
final class NoCache<V extends Versioned> extends StrategyCache<V> {

    NoCache(TieredCache<V> core) {
        super(core);
    }

    @Override
    public CacheRead<V> get(long key) {
        return new CacheRead<>(core.loadFromSource(key, 0).value(), Layer.MISS);
    }

    @Override
    public @Nullable CacheRead<V> getIfLocal(long key) {
        return null;
    }

    @Override
    public void written(long key, V value) {
    }

    @Override
    public boolean changed(long key, long version) {
        return true;
    }

    @Override
    public int preload(Map<Long, V> values) {
        return 0;
    }

    @Override
    public void evict(long key) {
    }

    @Override
    public void evictAll() {
    }

    @Override
    public Map<String, Object> inspect(long key) {
        return Map.of("strategy", "NoCache", "key", key);
    }
}
