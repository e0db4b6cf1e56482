package dev.cachegate.cache.internal;

import java.util.function.Supplier;

/**
 * The source of truth as the cache reads it: every read within one bulkhead, so that the cache's loads and the
 * bypass reads together cannot take the database past what the cache protects it from.
 *
 * @param <V> the value type
 */
interface Source<V> {

    /**
     * @param key        the key
     * @param minVersion the oldest version the read may bring; 0 for any
     * @return the source's answer as an entry (a negative one for "none"), timed
     * @throws dev.cachegate.cache.CacheOverloadedException when no slot frees within {@code bulkhead.max-wait}
     */
    Entry<V> load(long key, long minVersion);

    /**
     * Runs a read of the source within the bulkhead.
     *
     * @param key  the key it reads, for the error
     * @param read the read
     * @param <T>  its answer's type
     * @return its answer
     * @throws dev.cachegate.cache.CacheOverloadedException when no slot frees within {@code bulkhead.max-wait}
     */
    <T> T bounded(long key, Supplier<T> read);
}
