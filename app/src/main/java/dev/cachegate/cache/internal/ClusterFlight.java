package dev.cachegate.cache.internal;

import com.github.benmanes.caffeine.cache.Ticker;
import dev.cachegate.cache.CacheRead;
import dev.cachegate.cache.CacheSettings;
import dev.cachegate.cache.Layer;
import dev.cachegate.cache.Versioned;
import dev.cachegate.cache.Watermark;
import io.micronaut.core.annotation.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The single flight across the cluster: the instance that takes the key's {@link Leases lease} loads; the others
 * wait for the holder's release signal, looking at L2 again every {@code single-flight.recheck} without one, and load
 * themselves if the holder died (the lease is gone) or past {@code single-flight.wait-timeout}. Deadlines are read
 * from the ticker. Without L2, with {@code single-flight.cluster=false}, or while the watermark is untrusted, it loads
 * directly.
 *
 * <p>Failure policy: an unreachable lease store or L2 degrades to a direct load (logged at WARN), not a failure; a
 * holder that never fills costs a waiter at most the wait timeout.
 */
final class ClusterFlight<V extends Versioned> implements Flight<V> {

    private static final Logger LOG = LoggerFactory.getLogger(ClusterFlight.class);

    private final LoadPath<V> path;
    private final @Nullable RedisL2<V> l2;
    private final @Nullable Leases leases;
    private final Watermark watermark;
    private final CacheSettings.SingleFlight settings;
    private final Ticker ticker;

    ClusterFlight(LoadPath<V> path, Watermark watermark, CacheSettings.SingleFlight settings, Ticker ticker) {
        this.path = path;
        this.l2 = path.l2();
        this.leases = path.leases();
        this.watermark = watermark;
        this.settings = settings;
        this.ticker = ticker;
    }

    @Override
    public CacheRead<V> load(long key, long minVersion) {
        if (l2 == null || leases == null || !settings.cluster() || !watermark.trusted()) {
            return loaded(key, minVersion);
        }
        long deadline = ticker.read() + settings.waitTimeout().toNanos();
        try {
            while (true) {
                String token = leases.acquire(key);
                if (token != null) {
                    try {
                        Optional<Entry<V>> filledMeanwhile = filled(key, minVersion);
                        if (filledMeanwhile.isPresent()) {
                            return coalesced(key, filledMeanwhile.get());
                        }
                        return loaded(key, minVersion);
                    } finally {
                        leases.release(key, token);
                    }
                }
                Optional<Entry<V>> filled = awaitFill(key, minVersion, deadline);
                if (filled.isPresent()) {
                    return coalesced(key, filled.get());
                }
                if (ticker.read() >= deadline) {
                    LOG.warn("{} key {}: no fill from the lease holder within {} ms, loading here", path.name(), key,
                            settings.waitTimeout().toMillis());
                    return loaded(key, minVersion);
                }
            }
        } catch (L2Unavailable e) {
            e.logDegraded(path.name());
            return loaded(key, minVersion);
        }
    }

    private CacheRead<V> loaded(long key, long minVersion) {
        return new CacheRead<>(path.loadAndFill(key, minVersion).value(), Layer.MISS);
    }

    private CacheRead<V> coalesced(long key, Entry<V> entry) {
        return new CacheRead<>(path.coalesced(key, entry).value(), Layer.L2);
    }

    /**
     * Waits while another holds the key's lease: until its release signal, or {@code single-flight.recheck}, or the
     * deadline, whichever comes first, then looks at L2 and the lease again. The signal is registered for before
     * each look, so a release between the look and the wait still wakes the waiter.
     *
     * @return the fill, or empty when the lease is free (take it) or the deadline has passed
     */
    private Optional<Entry<V>> awaitFill(long key, long minVersion, long deadline) {
        long recheck = settings.recheck().toNanos();
        CompletableFuture<Void> signal = null;
        try {
            while (true) {
                signal = leases.nextRelease(key);
                Optional<Entry<V>> filled = filled(key, minVersion);
                if (filled.isPresent()) {
                    return filled;
                }
                long left = deadline - ticker.read();
                if (left <= 0 || !leases.held(key)) {
                    return Optional.empty();
                }
                path.metrics().fillWait(await(signal, Math.min(left, recheck)) ? "signal" : "recheck");
            }
        } finally {
            if (signal != null) {
                leases.forget(key, signal);
            }
        }
    }

    /** @return whether the signal came within the wait */
    private static boolean await(CompletableFuture<Void> signal, long nanos) {
        try {
            signal.get(nanos, TimeUnit.NANOSECONDS);
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (ExecutionException e) {
            throw new IllegalStateException("a release signal never fails", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CompletionException(e);
        }
    }

    /**
     * @return L2's entry for the key when it is usable: fresh and at least {@code minVersion}. Read again after taking
     *         a lease, because the previous holder may have filled and released between a waiter's last look and
     *         its turn, and loading then would be a second load for one miss.
     */
    private Optional<Entry<V>> filled(long key, long minVersion) {
        if (l2.get(key) instanceof RedisL2.Found<V> found && found.entry().version() >= minVersion
                && !found.entry().expiredAt(path.clock().millis())) {
            return Optional.of(found.entry());
        }
        return Optional.empty();
    }
}
