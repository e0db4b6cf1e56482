package dev.cachegate.cache;

import io.micronaut.core.annotation.Nullable;

/**
 * The answer to a read.
 *
 * @param value the value; null when the source has none (a cached negative or a fresh miss)
 * @param layer the layer that answered
 * @param <V>   the value type
 */
public record CacheRead<V>(@Nullable V value, Layer layer) {
}
