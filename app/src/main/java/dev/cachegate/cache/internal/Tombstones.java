package dev.cachegate.cache.internal;

/**
 * This instance's memory of invalidated versions: for each key recently written or changed, the oldest version a
 * fill may still bring. It only rises, and it is forgotten after {@code tombstone-ttl}, or for the least recently
 * used keys past {@code tombstone-max-entries}.
 */
interface Tombstones {

    /**
     * @param key the key
     * @return the oldest version a fill of it may bring; 0 when nothing is remembered
     */
    long minVersion(long key);

    /**
     * Raises the key's minimum version to {@code version}, unless it is higher already.
     *
     * @param key     the key
     * @param version a written version, positive
     */
    void raise(long key, long version);
}
