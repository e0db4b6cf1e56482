package dev.cachegate.cache.internal;

import io.micronaut.core.annotation.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Leases as Redis keys in the state role (through {@link RedisL2}'s lease calls) with a random token each, released
 * only by their holder; release signals travel to the other instances over the {@link Peers}, and arrive here through
 * {@link #released}.
 *
 * <p>Failure policy: a release that fails (the state Redis is down) is logged and left to the lease's TTL: the load it
 * guarded has succeeded, and throwing here would throw that answer away and load again, just when the database can
 * least afford it. Acquiring and looking at a lease fail with {@link L2Unavailable}, which the caller answers by
 * loading without the lease.
 */
final class RedisLeases implements Leases {

    private static final Logger LOG = LoggerFactory.getLogger(RedisLeases.class);

    private final String name;
    private final RedisL2<?> redis;
    private final Duration ttl;
    private final Peers peers;
    private final ConcurrentMap<Long, CompletableFuture<Void>> releases = new ConcurrentHashMap<>();

    RedisLeases(String name, RedisL2<?> redis, Duration ttl, Peers peers) {
        this.name = name;
        this.redis = redis;
        this.ttl = ttl;
        this.peers = peers;
    }

    @Override
    public @Nullable String acquire(long key) {
        String token = Long.toHexString(ThreadLocalRandom.current().nextLong());
        return redis.acquireLease(key, token, ttl) ? token : null;
    }

    @Override
    public boolean held(long key) {
        return redis.leaseHeld(key);
    }

    @Override
    public void release(long key, String token) {
        try {
            redis.releaseLease(key, token);
        } catch (L2Unavailable e) {
            LOG.warn("{} key {}: lease not released, it expires within {} ms: {}", name, key, ttl.toMillis(),
                    e.getMessage());
        }
        peers.signalReleased(key);
    }

    @Override
    public CompletableFuture<Void> nextRelease(long key) {
        return releases.computeIfAbsent(key, k -> new CompletableFuture<>());
    }

    @Override
    public void forget(long key, CompletableFuture<Void> signal) {
        releases.remove(key, signal);
    }

    @Override
    public void released(long key) {
        CompletableFuture<Void> waiting = releases.remove(key);
        if (waiting != null) {
            waiting.complete(null);
        }
    }
}
