package dev.cachegate.cache;

import dev.cachegate.cache.internal.TieredCaches;
import dev.cachegate.ops.InstanceId;
import dev.cachegate.redis.RedisRole;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.BeanProvider;
import io.micronaut.scheduling.TaskExecutors;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Named;
import jakarta.inject.Singleton;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;

/** Builds tiered caches on the shared parts: configuration, clock, the cache's Redis, breaker and meters. */
@Singleton
public final class VersionedCaches {

    /** Name of the L2 circuit breaker. */
    public static final String BREAKER = "redis-l2";

    /** Name of the single-flight leases' circuit breaker (the state role's Redis). */
    public static final String LEASE_BREAKER = "redis-leases";

    private final CacheConfig config;
    private final Clock clock;
    private final RedisConnector<RedisRole> redis;
    private final RedisConnector<RedisRole> leases;
    private final RedisConnector<StatefulRedisPubSubConnection<String, String>> pubSub;
    private final CircuitBreaker breaker;
    private final CircuitBreaker leaseBreaker;
    private final MeterRegistry meters;
    private final InstanceId instanceId;
    private final ExecutorService background;
    private final InvalidationFaults faults;
    private final List<VersionedCache<?>> created = new CopyOnWriteArrayList<>();

    VersionedCaches(CacheConfig config, Clock clock,
                    @Named("cache") BeanProvider<RedisRole> redis,
                    @Named("state") BeanProvider<RedisRole> leases,
                    @Named("cache") BeanProvider<StatefulRedisPubSubConnection<String, String>> pubSub,
                    CircuitBreakerRegistry breakers, MeterRegistry meters, InstanceId instanceId,
                    @Named(TaskExecutors.BLOCKING) ExecutorService background, InvalidationFaults faults) {
        this.config = config;
        this.clock = clock;
        this.redis = new RedisConnector<>("cache", redis);
        this.leases = new RedisConnector<>("state", leases);
        this.pubSub = new RedisConnector<>("cache", pubSub);
        CircuitBreakerConfig redisRole = CircuitBreakerConfig.custom()
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .slidingWindowSize(10)
                .minimumNumberOfCalls(5)
                .failureRateThreshold(50)
                .waitDurationInOpenState(Duration.ofSeconds(1))
                .permittedNumberOfCallsInHalfOpenState(2)
                .build();
        this.breaker = breakers.circuitBreaker(BREAKER, redisRole);
        this.leaseBreaker = breakers.circuitBreaker(LEASE_BREAKER, redisRole);
        this.meters = meters;
        this.instanceId = instanceId;
        this.background = background;
        this.faults = faults;
    }

    /**
     * @param name   the cache's name, in Redis keys and metric tags
     * @param codec  value to text and back
     * @param loader    the source of truth
     * @param watermark how current the cache is; a tracked one gates every cached read
     * @param <V>       the value type
     * @return the cache, with the configured strategy
     */
    public <V extends Versioned> VersionedCache<V> create(String name, ValueCodec<V> codec, CacheLoader<V> loader,
                                                          Watermark watermark) {
        VersionedCache<V> cache = TieredCaches.create(name, config, codec, loader, clock, redis, leases, pubSub,
                breaker, leaseBreaker, meters, instanceId.value(), background, watermark, faults);
        created.add(cache);
        return cache;
    }

    /** Ends the caches' parts in cluster-wide traffic: their invalidation subscriptions and probes. */
    @PreDestroy
    void close() {
        created.forEach(VersionedCache::close);
    }

    /** @return the L2 breaker's state, for health */
    public CircuitBreaker.State l2State() {
        return breaker.getState();
    }

    /** @return the cache's Redis connection, for health */
    RedisConnector<RedisRole> redis() {
        return redis;
    }
}
