package dev.cachegate.cache.internal;

import io.micronaut.core.annotation.Nullable;

/**
 * L1, this instance's in-process layer, kept coherent with the writes it hears of: a fill never overwrites a newer
 * entry nor brings back a version an invalidation has fenced off.
 *
 * @param <V> the value type
 */
interface LocalLayer<V> {

    /** @return false for the layer that holds nothing ({@code l1.enabled=false}) */
    boolean enabled();

    /**
     * @param key the key
     * @return what the layer holds for it, expired by its own TTL but not checked against the entry's expiry
     */
    @Nullable Entry<V> get(long key);

    /**
     * Offers an entry; the layer keeps it unless a tombstone or a newer entry forbids it.
     *
     * @param key   the key
     * @param entry the entry
     */
    void offer(long key, Entry<V> entry);

    /**
     * Drops the key unless the layer already holds {@code version} or newer; version 0 drops it in any case.
     *
     * @param key     the key
     * @param version the written version, or 0
     */
    void drop(long key, long version);

    /** Drops every key. */
    void clear();
}
