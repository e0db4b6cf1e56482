package dev.cachegate.cache.internal;

import dev.cachegate.cache.Versioned;
import io.micronaut.core.annotation.Nullable;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * When entries expire: each entry's TTL is shortened by a random fraction up to {@code jitter}, never lengthened,
 * so that entries filled together do not expire together and the freshness budget holds. Expiries are stored
 * timestamps (shared through L2 between instances), so they come from the clock.
 *
 * @param ttl         a value's lifetime: L2's TTL, or L1's without L2
 * @param negativeTtl a negative entry's lifetime
 * @param jitter      the largest fraction cut
 * @param clock       the time of stored timestamps
 */
record Lifetimes(Duration ttl, Duration negativeTtl, double jitter, Clock clock) {

    /**
     * @param value      what the source answered; null for "none"
     * @param loadMillis how long the load took
     * @param <V>        the value type
     * @return the entry of a load, stored now
     */
    <V extends Versioned> Entry<V> loaded(@Nullable V value, double loadMillis) {
        long now = clock.millis();
        return value == null ? new Entry<>(null, 0, now, now + jittered(negativeTtl), loadMillis)
                : new Entry<>(value, value.version(), now, now + jittered(ttl), loadMillis);
    }

    /**
     * @param value a value known committed (written, or read by a preload)
     * @param now   epoch millis
     * @param <V>   the value type
     * @return its entry, with no load time of its own
     */
    <V extends Versioned> Entry<V> committed(V value, long now) {
        return new Entry<>(value, value.version(), now, now + jittered(ttl), 0);
    }

    private long jittered(Duration lifetime) {
        double cut = jitter * ThreadLocalRandom.current().nextDouble();
        return Math.max(1, Math.round(lifetime.toMillis() * (1 - cut)));
    }
}
