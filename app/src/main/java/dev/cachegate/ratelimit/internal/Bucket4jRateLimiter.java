package dev.cachegate.ratelimit.internal;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.cachegate.ratelimit.RateLimitConfig;
import dev.cachegate.ratelimit.RateLimiter;
import dev.cachegate.redis.RedisClients;
import dev.cachegate.redis.RedisTopology;
import dev.cachegate.resilience.Breakers;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.distributed.AsyncBucketProxy;
import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.distributed.proxy.AsyncProxyManager;
import io.github.bucket4j.distributed.proxy.optimization.DelayParameters;
import io.github.bucket4j.distributed.proxy.optimization.Optimization;
import io.github.bucket4j.distributed.proxy.optimization.Optimizations;
import io.github.bucket4j.redis.lettuce.Bucket4jLettuce.LettuceBasedProxyManagerBuilder;
import io.github.bucket4j.redis.lettuce.Bucket4jLettuce;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Value;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Named;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

/**
 * {@link RateLimiter} over Bucket4j: one token bucket per key in the state role's Redis (compare-and-swap with Lua),
 * so every instance draws from the same bucket. An instance admits up to {@code unsynchronized-tokens} requests, or
 * for up to {@code unsynchronized-time}, from its last view of a bucket before it settles them with Redis (Bucket4j's
 * delaying optimization), so most requests cost no Redis call; the cluster can overshoot by that much per instance.
 * With {@code unsynchronized-tokens} 0 every request is settled with Redis. An idle bucket's key expires once it would
 * have refilled.
 *
 * <p>The connection is made at startup (waiting up to 2 s for it) and retried at most once a second while it is
 * missing.
 *
 * <p>Failure policy: fail open to per-instance limits. While the state Redis cannot be reached (its connection not
 * yet made, its calls failing, or the {@value #BREAKER} breaker open), each instance enforces the same limit on its own
 * buckets, so the cluster admits at most its instance count times the limit, and a Redis outage never becomes an
 * outage of reads that need no Redis. {@code cachegate_rate_limit_decisions_total{store="local"}} counts these.
 */
@Context
final class Bucket4jRateLimiter implements RateLimiter {

    /** The circuit breaker of the rate limiter's Redis calls. */
    static final String BREAKER = "redis-rate-limit";

    private static final Logger LOG = LoggerFactory.getLogger(Bucket4jRateLimiter.class);
    private static final long RECONNECT_NANOS = TimeUnit.SECONDS.toNanos(1);
    private static final Duration STARTUP_WAIT = Duration.ofSeconds(2);

    private final RateLimitConfig config;
    private final AbstractRedisClient client;
    private final @Nullable RedisURI uri;
    private final CircuitBreaker breaker;
    private final @Nullable Optimization delaying;
    private final AtomicReference<Connecting> connecting = new AtomicReference<>();
    private final Cache<String, AsyncBucketProxy> remote;
    private final Cache<String, Bucket> local;
    private final Counter allowedRemote;
    private final Counter allowedLocal;
    private final Counter refusedRemote;
    private final Counter refusedLocal;

    Bucket4jRateLimiter(RateLimitConfig config, @Named("state") AbstractRedisClient client,
                        @Value("${cachegate.redis.state-uri}") String uri, Breakers breakers,
                        MeterRegistry meters) {
        this.config = config;
        this.client = client;
        this.uri = RedisTopology.parse("cachegate.redis.state-uri", uri) instanceof RedisTopology.Single single
                ? single.uri() : null;
        this.breaker = breakers.store(BREAKER);
        this.delaying = config.unsynchronizedTokens() == 0 ? null : Optimizations.delaying(
                new DelayParameters(config.unsynchronizedTokens(), config.unsynchronizedTime()));
        Duration idle = config.period().plus(config.unsynchronizedTime()).multipliedBy(2);
        this.remote = Caffeine.newBuilder().maximumSize(config.maxBuckets()).expireAfterAccess(idle).build();
        this.local = Caffeine.newBuilder().maximumSize(config.maxBuckets()).expireAfterAccess(idle).build();
        this.allowedRemote = counter(meters, "allowed", "redis");
        this.allowedLocal = counter(meters, "allowed", "local");
        this.refusedRemote = counter(meters, "refused", "redis");
        this.refusedLocal = counter(meters, "refused", "local");
        connecting.set(connect());
        try {
            connecting.get().manager().get(STARTUP_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            LOG.debug("rate limiter: no state Redis at startup", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public CompletableFuture<Decision> acquire(String key, long quota) {
        AsyncProxyManager<String> manager = manager();
        if (manager == null) {
            return CompletableFuture.completedFuture(local(key, quota));
        }
        AsyncBucketProxy bucket = remote.get(key, k -> (delaying == null ? manager.builder()
                : manager.builder().withOptimization(delaying)).build(k, configuration(quota)));
        return breaker.executeCompletionStage(() -> bucket.tryConsumeAndReturnRemaining(1))
                .handle((probe, error) -> error == null ? decide(probe, allowedRemote, refusedRemote)
                        : local(key, quota))
                .toCompletableFuture();
    }

    private Decision local(String key, long quota) {
        Bucket bucket = local.get(key, k -> Bucket.builder().addLimit(limit(quota)).build());
        return decide(bucket.tryConsumeAndReturnRemaining(1), allowedLocal, refusedLocal);
    }

    private static Decision decide(ConsumptionProbe probe, Counter allowed, Counter refused) {
        if (probe.isConsumed()) {
            allowed.increment();
            return new Decision.Allowed(probe.getRemainingTokens(), seconds(probe.getNanosToWaitForReset()));
        }
        refused.increment();
        return new Decision.Refused(Math.max(1, seconds(probe.getNanosToWaitForRefill())));
    }

    private BucketConfiguration configuration(long quota) {
        return BucketConfiguration.builder().addLimit(limit(quota)).build();
    }

    /** The one limit of every bucket, local or in Redis: {@code quota} requests, refilled greedily each period. */
    private Bandwidth limit(long quota) {
        return Bandwidth.builder().capacity(quota).refillGreedy(quota, config.period()).build();
    }

    private @Nullable AsyncProxyManager<String> manager() {
        Connecting current = connecting.get();
        CompletableFuture<AsyncProxyManager<String>> manager = current.manager();
        if (!manager.isDone()) {
            return null;
        }
        if (!manager.isCompletedExceptionally()) {
            return manager.join();
        }
        if (System.nanoTime() - current.startedNanos() > RECONNECT_NANOS) {
            connecting.compareAndSet(current, connect());
        }
        return null;
    }

    private Connecting connect() {
        RedisCodec<String, byte[]> codec = RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE);
        CompletableFuture<? extends StatefulConnection<String, byte[]>> connection =
                RedisClients.connectAsync(client, codec, uri);
        CompletableFuture<AsyncProxyManager<String>> manager = connection.thenApply(c -> {
            LettuceBasedProxyManagerBuilder<String> builder =
                    c instanceof StatefulRedisClusterConnection<String, byte[]> cluster
                            ? Bucket4jLettuce.casBasedBuilder(cluster)
                            : Bucket4jLettuce.casBasedBuilder((StatefulRedisConnection<String, byte[]>) c);
            LOG.info("rate limiter: connected to the state Redis; limits are cluster-wide");
            return builder.expirationAfterWrite(ExpirationAfterWriteStrategy.basedOnTimeForRefillingBucketUpToMax(
                            config.period()))
                    .build().asAsync();
        });
        manager.exceptionally(error -> {
            LOG.warn("rate limiter: the state Redis cannot be reached ({}); each instance limits on its own",
                    error.toString());
            return null;
        });
        return new Connecting(manager, connection, System.nanoTime());
    }

    @PreDestroy
    void close() {
        CompletableFuture<? extends StatefulConnection<String, byte[]>> connection = connecting.get().connection();
        if (connection.isDone() && !connection.isCompletedExceptionally()) {
            connection.join().close();
        }
    }

    private static Counter counter(MeterRegistry meters, String outcome, String store) {
        return Counter.builder("cachegate.rate.limit.decisions")
                .description("Rate-limit decisions, by outcome and by the store of the bucket that made them")
                .tag("outcome", outcome).tag("store", store).register(meters);
    }

    private static long seconds(long nanos) {
        return (nanos + 999_999_999L) / 1_000_000_000L;
    }

    private record Connecting(CompletableFuture<AsyncProxyManager<String>> manager,
                              CompletableFuture<? extends StatefulConnection<String, byte[]>> connection,
                              long startedNanos) {
    }
}
