package dev.cachegate.cache.internal;

import dev.cachegate.cache.Versioned;

/**
 * Write-through: a committed write puts the new value into L2 (fenced by version) and this instance's L1 before the
 * writer gets its answer; other instances drop their L1 copy and find the new value in L2 on their next read.
 */
final class WriteThroughCache<V extends Versioned> extends StrategyCache<V> {

    WriteThroughCache(TieredCache<V> core) {
        super(core);
    }

    @Override
    public void written(long key, V value) {
        core.writeThrough(key, value);
    }
}
