package dev.cachegate.cache;

import io.micronaut.core.annotation.Nullable;

import java.util.Map;

/**
 * A tiered cache (Caffeine L1 over Redis L2 over a {@link CacheLoader}) with one update strategy.
 *
 * @param <V> the value type
 */
public interface VersionedCache<V extends Versioned> {

    /**
     * @param key the key
     * @return the value and the layer that answered
     * @throws CacheOverloadedException when the database loads are saturated
     */
    CacheRead<V> get(long key);

    /**
     * Answers from this instance's L1 alone, without blocking, so that a caller on an event loop can serve a hit in
     * place and take only the rest to a blocking thread, where {@link #get(long)} answers it. Counts an L1 hit; leaves
     * a miss uncounted, for the {@code get} that follows to count.
     *
     * @param key the key
     * @return the L1 answer (a cached negative included), or null when only L2, a load or the untrusted-cache path
     *         can answer
     */
    @Nullable
    CacheRead<V> getIfLocal(long key);

    /**
     * Tells the cache that {@code value} was committed to the source of truth; what happens next is the strategy's.
     *
     * @param key   the key
     * @param value the committed value
     */
    void written(long key, V value);

    /**
     * Applies one committed change from the change stream: everything older than {@code version} leaves L2 and this
     * instance's L1, and no older fill is accepted for a while (the tombstone). Idempotent: applying a change twice,
     * or after a newer one, changes nothing.
     *
     * @param key     the key
     * @param version the committed version
     * @return false when L2 could not be told (it is down): the change must be applied again later
     */
    boolean changed(long key, long version);

    /**
     * Offers values just read from the source of truth to L2 (not L1), pipelined, for a bulk preload. Each is kept only where L2 holds nothing newer, a later change's tombstone included, so a preload that
     * read a value before a change committed cannot bring it back.
     *
     * @param values committed values by key
     * @return how many L2 kept; 0 when this cache has no L2 (strategy {@code none}, L2 disabled)
     * @throws IllegalStateException when L2 cannot be reached
     */
    int preload(Map<Long, V> values);

    /**
     * Evicts a key from L2 and from L1 on every instance (not from the source).
     *
     * @param key the key
     */
    void evict(long key);

    /** Evicts every key of this cache from L2 and from L1 on every instance. */
    void evictAll();

    /**
     * @param key the key
     * @return what each layer holds for it: version, age, remaining TTL, refresh point
     */
    Map<String, Object> inspect(long key);
}
