package dev.cachegate.cache;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

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
     * {@link #get(long)} without blocking the caller, for a caller on an event loop: an L1 hit completes at once on
     * the calling thread, an L2 hit completes on Redis's I/O thread, and only a load runs on the blocking executor,
     * with the caller's propagated context. What the caller chains to the answer must not block.
     *
     * @param key the key
     * @return the value and the layer that answered; fails with {@link CacheOverloadedException} as {@code get}
     *         throws it
     */
    CompletionStage<CacheRead<V>> getAsync(long key);

    /**
     * Reads the source past every layer (an operator's or the CDN's bypass), within the same bulkhead as the cache's
     * own loads, so that bypass reads cannot take the database past what the cache protects it from. Blocks.
     *
     * @param key  the key
     * @param read the read of the source
     * @return its answer, as a miss; nothing is cached
     * @throws CacheOverloadedException when the database loads are saturated
     */
    CacheRead<V> getPastCaches(long key, Supplier<Optional<V>> read);

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
     * Evicts a key from L2 and from L1 on every instance (not from the source). This instance's L1 is always evicted;
     * L2 and the other instances are told as far as Redis answers.
     *
     * @param key the key
     * @return what could not be evicted (e.g. {@code L2}); empty when every layer was
     */
    List<String> evict(long key);

    /**
     * Evicts every key of this cache from L2 and from L1 on every instance, as {@link #evict(long)} does one.
     *
     * @return what could not be evicted; empty when every layer was
     */
    List<String> evictAll();

    /**
     * @param key the key
     * @return what each layer holds for it now: version, stored and expiry times, load time, refresh point, fences
     */
    KeySnapshot inspect(long key);

    /** Stops this instance's part in the cache's cluster-wide traffic (its invalidation subscription and probes). */
    default void close() {
    }
}
