package dev.cachegate.cache.internal;

import dev.cachegate.cache.CacheOverloadedException;
import dev.cachegate.cache.CacheRead;
import dev.cachegate.cache.CacheSettings;
import dev.cachegate.cache.Versioned;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The single flight inside this instance: one shared future per key; the first reader runs the next flight (the
 * cluster's), the others join it. A reader that joins a flight started with an older {@code minVersion} than its own
 * (it saw a newer tombstone) and gets an older answer loads again with its own.
 *
 * <p>Failure policy: a joined reader waits at most as long as the flight itself may legitimately take (a slot of the
 * bulkhead, a wait for another instance's fill, and a load within the lease); past that it fails with
 * {@link CacheOverloadedException}, so a hung database does not hold every reader of a key. A flight's failure is
 * every joined reader's failure.
 */
final class LocalFlight<V extends Versioned> implements Flight<V> {

    private final String name;
    private final Flight<V> next;
    private final Duration joinBound;
    private final CacheMetrics metrics;
    private final ConcurrentMap<Long, CompletableFuture<CacheRead<V>>> flights = new ConcurrentHashMap<>();

    /**
     * @param next     the flight the first reader runs
     * @param settings the bounds of the flight's steps, whose sum bounds a joined reader's wait
     */
    LocalFlight(String name, Flight<V> next, CacheSettings settings, CacheMetrics metrics) {
        this.name = name;
        this.next = next;
        this.metrics = metrics;
        this.joinBound = settings.bulkhead().maxWait().plus(settings.singleFlight().waitTimeout())
                .plus(settings.singleFlight().leaseTtl());
    }

    @Override
    public CacheRead<V> load(long key, long minVersion) {
        CompletableFuture<CacheRead<V>> mine = new CompletableFuture<>();
        CompletableFuture<CacheRead<V>> running = flights.putIfAbsent(key, mine);
        if (running != null) {
            metrics.coalesced(false);
            CacheRead<V> joined = join(key, running);
            if (minVersion == 0 || joined.value() != null && joined.value().version() >= minVersion) {
                return joined;
            }
            return next.load(key, minVersion);
        }
        try {
            mine.complete(next.load(key, minVersion));
        } catch (RuntimeException e) {
            mine.completeExceptionally(e);
        } finally {
            flights.remove(key, mine);
        }
        return unwrapped(mine);
    }

    /** @throws CacheOverloadedException when the flight has not finished within the bound */
    private CacheRead<V> join(long key, CompletableFuture<CacheRead<V>> flight) {
        try {
            return flight.get(joinBound.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            throw CacheOverloadedException.flightTooSlow(name, key, joinBound);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new CompletionException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CompletionException(e);
        }
    }

    private static <T> T unwrapped(CompletableFuture<T> future) {
        try {
            return future.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw e;
        }
    }
}
