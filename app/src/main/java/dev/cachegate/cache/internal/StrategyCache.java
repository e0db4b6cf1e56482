package dev.cachegate.cache.internal;

import dev.cachegate.cache.CacheRead;
import dev.cachegate.cache.KeySnapshot;
import dev.cachegate.cache.Layer;
import dev.cachegate.cache.Versioned;
import dev.cachegate.cache.VersionedCache;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/** What strategies do the same way unless they say otherwise: read-through, operator eviction, inspection. */
abstract sealed class StrategyCache<V extends Versioned> implements VersionedCache<V>
        permits CacheAsideCache, WriteThroughCache, RefreshAheadCache, NoCache {

    final TieredCache<V> core;

    StrategyCache(TieredCache<V> core) {
        this.core = core;
    }

    @Override
    public void close() {
        core.close();
    }

    @Override
    public CacheRead<V> get(long key) {
        return core.get(key);
    }

    @Override
    public CompletionStage<CacheRead<V>> getAsync(long key) {
        return core.getAsync(key, this::served);
    }

    /**
     * @param hit what L1 or L2 held
     * @return the answer to the read; runs on whichever thread the hit landed on, so it must not block
     */
    CacheRead<V> served(Lookup.Hit<V> hit) {
        return new CacheRead<>(hit.entry().value(), hit.layer());
    }

    @Override
    public CacheRead<V> getPastCaches(long key, Supplier<Optional<V>> read) {
        return new CacheRead<>(core.bounded(key, read).orElse(null), Layer.MISS);
    }

    @Override
    public boolean changed(long key, long version) {
        return core.changed(key, version);
    }

    @Override
    public int preload(Map<Long, V> values) {
        try {
            return core.preload(values);
        } catch (L2Unavailable e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    @Override
    public List<String> evict(long key) {
        return core.evict(key);
    }

    @Override
    public List<String> evictAll() {
        return core.evictAll();
    }

    @Override
    public KeySnapshot inspect(long key) {
        return core.snapshot(getClass().getSimpleName(), key);
    }
}
