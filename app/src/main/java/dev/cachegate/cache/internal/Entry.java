package dev.cachegate.cache.internal;

import io.micronaut.core.annotation.Nullable;

/**
 * One cached answer, the same in both layers.
 *
 * @param value       the value; null for a negative entry ("the source has none")
 * @param version     the value's version; 0 for a negative entry
 * @param storedAt    epoch millis when it was loaded
 * @param expiresAt   epoch millis when it must no longer be served
 * @param loadMillis  XFetch's δ: how long the load that produced it took
 * @param <V>         the value type
 */
record Entry<V>(@Nullable V value, long version, long storedAt, long expiresAt, double loadMillis) {

    boolean isNegative() {
        return value == null;
    }

    boolean expiredAt(long now) {
        return now >= expiresAt;
    }
}
