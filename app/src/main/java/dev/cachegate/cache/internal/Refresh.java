package dev.cachegate.cache.internal;

/**
 * Refresh-ahead: which reads trigger a reload of the entry they are served, and the reload itself.
 *
 * @param <V> the value type
 */
interface Refresh<V> {

    /**
     * @param entry the entry a read is served
     * @return whether this read should trigger its refresh
     */
    boolean due(Entry<V> entry);

    /**
     * Refreshes a key in the background, unless a refresh of it is already running here or anywhere in the cluster,
     * or has already happened.
     *
     * @param key   the key
     * @param stale the entry being replaced; a refresh never goes back to an older version
     */
    void inBackground(long key, Entry<V> stale);
}
