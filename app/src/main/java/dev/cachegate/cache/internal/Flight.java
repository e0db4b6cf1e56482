package dev.cachegate.cache.internal;

import dev.cachegate.cache.CacheRead;

/**
 * A single flight: a load of a missing key that concurrent readers of the same key share instead of each loading.
 *
 * @param <V> the value type
 */
interface Flight<V> {

    /**
     * Loads a key, or waits for the load already running, filling both layers.
     *
     * @param key        the key
     * @param minVersion the oldest acceptable version; 0 for any
     * @return the answer
     */
    CacheRead<V> load(long key, long minVersion);
}
