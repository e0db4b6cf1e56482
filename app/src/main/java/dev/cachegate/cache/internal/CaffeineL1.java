package dev.cachegate.cache.internal;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.Ticker;
import io.micronaut.core.annotation.Nullable;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * L1 in a size-bounded Caffeine cache (W-TinyLFU) whose expiry runs on the injected ticker. An entry is kept for the
 * shorter of L1's TTL and what the entry itself has left (an L2 back-fill's remainder), read from the entry's stored
 * expiry against the clock.
 *
 * <p>Coherence: the tombstone check and the put are one atomic step per key (a {@code compute}), so an invalidation
 * cannot slip between them: it either lands first and the put sees its tombstone, or lands after and removes what the
 * put stored. A drop is a {@code compute} too, not a {@code computeIfPresent}, so that it waits for a fill of the
 * same key in progress instead of missing it.
 */
final class CaffeineL1<V> implements LocalLayer<V> {

    private final Cache<Long, Entry<V>> entries;
    private final Tombstones tombstones;

    /**
     * @param maximumSize entries kept
     * @param ttl         longest an entry is kept
     * @param tombstones  the fences a fill must respect
     * @param clock       the time of entries' stored expiries
     * @param ticker      the time source of Caffeine's expiry
     */
    CaffeineL1(long maximumSize, Duration ttl, Tombstones tombstones, Clock clock, Ticker ticker) {
        this.tombstones = tombstones;
        this.entries = Caffeine.newBuilder()
                .executor(Runnable::run)
                .maximumSize(maximumSize)
                .ticker(ticker)
                .expireAfter(new RemainingLifetime<V>(ttl.toMillis(), clock))
                .build();
    }

    @Override
    public boolean enabled() {
        return true;
    }

    @Override
    public @Nullable Entry<V> get(long key) {
        return entries.getIfPresent(key);
    }

    @Override
    public void offer(long key, Entry<V> entry) {
        entries.asMap().compute(key, (k, current) -> entry.version() < tombstones.minVersion(k)
                || current != null && current.version() > entry.version() ? current : entry);
    }

    @Override
    public void drop(long key, long version) {
        entries.asMap().compute(key, (k, current) -> current != null && version > 0 && current.version() >= version
                ? current : null);
    }

    @Override
    public void clear() {
        entries.invalidateAll();
    }

    /** L1 keeps an entry for the shorter of its own TTL and what the entry has left. */
    private record RemainingLifetime<T>(long ttlMillis, Clock clock) implements Expiry<Long, Entry<T>> {

        @Override
        public long expireAfterCreate(Long key, Entry<T> entry, long currentTime) {
            long remaining = Math.max(0, entry.expiresAt() - clock.millis());
            return TimeUnit.MILLISECONDS.toNanos(Math.min(remaining, ttlMillis));
        }

        @Override
        public long expireAfterUpdate(Long key, Entry<T> entry, long currentTime, long currentDuration) {
            return expireAfterCreate(key, entry, currentTime);
        }

        @Override
        public long expireAfterRead(Long key, Entry<T> entry, long currentTime, long currentDuration) {
            return currentDuration;
        }
    }
}
