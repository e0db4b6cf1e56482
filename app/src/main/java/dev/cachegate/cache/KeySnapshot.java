package dev.cachegate.cache;

import io.micronaut.core.annotation.Nullable;

/**
 * What a cache holds for one key, layer by layer, at one moment: a read-only value for operators' views; taking it
 * changes nothing in the cache.
 *
 * @param strategy   the cache's strategy class, e.g. {@code CacheAsideCache}
 * @param key        the key
 * @param takenAt    epoch millis of the snapshot, the "now" of its ages
 * @param l1         what L1 holds; null when the cache has no layers at all (strategy {@code none})
 * @param l1MinVersion the oldest version an L1 fill may bring (this instance's tombstone); 0 for none
 * @param l2         what L2 holds; null when the cache has no layers at all
 */
public record KeySnapshot(String strategy, long key, long takenAt, @Nullable LayerState l1, long l1MinVersion,
                          @Nullable LayerState l2) {

    /** What one layer holds for a key. */
    public sealed interface LayerState {
    }

    /** The layer is switched off. */
    public record Disabled() implements LayerState {
    }

    /** The layer holds nothing for the key. */
    public record Absent() implements LayerState {
    }

    /**
     * The layer holds an answer.
     *
     * @param negative   whether it is "the source has none"
     * @param version    its version
     * @param storedAt   epoch millis of its load
     * @param expiresAt  epoch millis past which it is not served
     * @param loadMillis how long its load took
     * @param refreshAt  epoch millis of its expected refresh point under refresh-ahead, {@code expiresAt − δ·β}
     */
    public record Held(boolean negative, long version, long storedAt, long expiresAt, double loadMillis,
                       double refreshAt) implements LayerState {
    }

    /**
     * The layer holds an invalidation's fence.
     *
     * @param minVersion      the oldest version a fill may bring
     * @param remainingTtlMs  how long the fence lasts, as Redis reports it
     */
    public record Fenced(long minVersion, @Nullable Long remainingTtlMs) implements LayerState {
    }

    /**
     * The layer could not be asked.
     *
     * @param reason why
     */
    public record Unavailable(String reason) implements LayerState {
    }
}
