package dev.cachegate.cache.internal;

import dev.cachegate.cache.Layer;

/**
 * The outcome of looking a key up in the caches.
 *
 * @param <V> the value type
 */
sealed interface Lookup<V> permits Lookup.Hit, Lookup.Miss {

    /**
     * @param key   the key
     * @param entry the entry found
     * @param layer where
     * @param <V>   the value type
     */
    record Hit<V>(long key, Entry<V> entry, Layer layer) implements Lookup<V> {
    }

    /**
     * @param minVersion the oldest version a load may bring; 0 for any
     * @param <V>        the value type
     */
    record Miss<V>(long minVersion) implements Lookup<V> {
    }
}
