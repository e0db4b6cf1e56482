package dev.cachegate.cache.internal;

/** The other instances of the cluster, as far as this cache talks to them: invalidations and fill signals. */
interface Peers {

    /**
     * Tells the other instances to drop a key from L1 (version 0: whatever they hold; key -1: every key).
     *
     * @param key     the key
     * @param version the written version, or 0
     * @return false when they could not be told; with no bus (strategy {@code none}) they count as told
     */
    boolean publish(long key, long version);

    /**
     * Wakes the other instances' waiters for a key whose cluster-wide lease was released.
     *
     * @param key the key
     */
    void signalReleased(long key);
}
