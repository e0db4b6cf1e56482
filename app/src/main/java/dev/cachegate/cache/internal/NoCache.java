package dev.cachegate.cache.internal;

import dev.cachegate.cache.CacheRead;
import dev.cachegate.cache.KeySnapshot;
import dev.cachegate.cache.Layer;
import dev.cachegate.cache.Versioned;
import io.micronaut.core.propagation.PropagatedContext;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

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
    public CompletionStage<CacheRead<V>> getAsync(long key) {
        Supplier<CacheRead<V>> read = () -> get(key);
        return core.onBlocking(PropagatedContext.wrapCurrent(read));
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
    public List<String> evict(long key) {
        return List.of();
    }

    @Override
    public List<String> evictAll() {
        return List.of();
    }

    @Override
    public KeySnapshot inspect(long key) {
        return new KeySnapshot("NoCache", key, 0, null, 0, null);
    }
}
