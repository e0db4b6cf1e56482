package dev.cachegate.cache.internal;

import com.github.benmanes.caffeine.cache.Ticker;
import dev.cachegate.cache.CacheLoader;
import dev.cachegate.cache.CacheOverloadedException;
import dev.cachegate.cache.Versioned;

import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The loader behind a semaphore of {@code bulkhead.max-concurrent-loads} slots; a load's duration (XFetch's δ and the
 * load timer) comes from the ticker.
 *
 * <p>Failure policy: past the bulkhead the read fails with {@link CacheOverloadedException} (503) instead of queueing
 * without bound; an interrupted wait for a slot fails the same way, with the interrupt kept. A loader's own failure
 * propagates unchanged, and its slot is returned.
 */
final class BulkheadSource<V extends Versioned> implements Source<V> {

    private final String name;
    private final CacheLoader<V> loader;
    private final Semaphore slots;
    private final Duration maxWait;
    private final Lifetimes lifetimes;
    private final CacheMetrics metrics;
    private final Ticker ticker;

    BulkheadSource(String name, CacheLoader<V> loader, int maxConcurrentLoads, Duration maxWait, Lifetimes lifetimes,
                   CacheMetrics metrics, Ticker ticker) {
        this.name = name;
        this.loader = loader;
        this.slots = new Semaphore(maxConcurrentLoads);
        this.maxWait = maxWait;
        this.lifetimes = lifetimes;
        this.metrics = metrics;
        this.ticker = ticker;
    }

    @Override
    public Entry<V> load(long key, long minVersion) {
        return bounded(key, () -> {
            long start = ticker.read();
            V value = loader.load(key, minVersion).orElse(null);
            long elapsed = ticker.read() - start;
            metrics.loaded(elapsed);
            return lifetimes.loaded(value, elapsed / 1e6);
        });
    }

    @Override
    public <T> T bounded(long key, Supplier<T> read) {
        boolean acquired;
        try {
            acquired = slots.tryAcquire(maxWait.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CacheOverloadedException(name, key, maxWait);
        }
        if (!acquired) {
            throw new CacheOverloadedException(name, key, maxWait);
        }
        try {
            return read.get();
        } finally {
            slots.release();
        }
    }
}
