package dev.cachegate.cache.internal;

/**
 * Fencing: how an entry gets into the layers. Each layer keeps it only if it is not older than what the layer knows
 * (a newer entry, or a tombstone), so a slow load can never overwrite a newer value.
 *
 * @param <V> the value type
 */
interface Fill<V> {

    /**
     * Offers an entry to both layers.
     *
     * @param key   the key
     * @param entry the entry
     * @return the entry that won: ours, or a newer one already in L2
     */
    Entry<V> fill(long key, Entry<V> entry);
}
