package dev.cachegate.cache;

import java.util.Optional;

/**
 * Loads values from the source of truth.
 *
 * @param <V> the value type
 */
@FunctionalInterface
public interface CacheLoader<V extends Versioned> {

    /**
     * @param key        the key
     * @param minVersion 0 when any version will do; otherwise the oldest acceptable version, which a lagging replica
     *                   may not have yet, so the loader must then read the primary
     * @return the value, empty when there is none
     */
    Optional<V> load(long key, long minVersion);
}
