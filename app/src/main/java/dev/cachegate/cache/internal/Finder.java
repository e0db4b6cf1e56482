package dev.cachegate.cache.internal;

import java.util.concurrent.CompletionStage;

/**
 * Lookup: where a key's answer is, L1 then L2, and when neither may answer, the oldest version a load must bring.
 *
 * @param <V> the value type
 */
interface Finder<V> {

    /**
     * @param key the key
     * @return a hit, or a miss carrying the key's tombstone; never fails for an unreachable L2 (that is a miss)
     */
    Lookup<V> find(long key);

    /**
     * {@link #find} without blocking: completes at once unless L2 must answer, and then on Redis's I/O thread.
     *
     * @param key the key
     * @return the lookup; never fails with {@link L2Unavailable} (that is a miss, as in {@code find})
     */
    CompletionStage<Lookup<V>> findAsync(long key);
}
