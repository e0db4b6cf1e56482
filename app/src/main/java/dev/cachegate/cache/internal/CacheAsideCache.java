package dev.cachegate.cache.internal;

import dev.cachegate.cache.Versioned;

/**
 * Cache-aside: reads populate on a miss; a committed write deletes the L2 entry (leaving a tombstone with the written
 * version, so a load racing the write, or served by a lagging replica, cannot bring the old value back) and
 * invalidates L1 on every instance. The next read loads.
 */
final class CacheAsideCache<V extends Versioned> extends StrategyCache<V> {

    CacheAsideCache(TieredCache<V> core) {
        super(core);
    }

    @Override
    public void written(long key, V value) {
        core.invalidateEverywhere(key, value.version());
    }
}
