package dev.cachegate.cache;

import com.github.benmanes.caffeine.cache.Ticker;
import dev.cachegate.cache.internal.TieredCaches;
import dev.cachegate.redis.RedisRole;
import dev.cachegate.resilience.Breakers;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.BeanProvider;
import io.micronaut.scheduling.TaskExecutors;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Named;
import jakarta.inject.Singleton;

import java.time.Clock;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;

/**
 * Builds tiered caches on the shared parts: the owner's settings, the clock (stored timestamps) and the ticker
 * (durations and deadlines), the cache's Redis, breakers and meters, and this instance's {@link InstanceName}.
 */
@Singleton
public final class VersionedCaches {

    /** Name of the L2 circuit breaker. */
    public static final String BREAKER = "redis-l2";

    /** Name of the single-flight leases' circuit breaker (the state role's Redis). */
    public static final String LEASE_BREAKER = "redis-leases";

    private final CacheSettings settings;
    private final Clock clock;
    private final Ticker ticker;
    private final RedisConnector<RedisRole> redis;
    private final RedisConnector<RedisRole> leases;
    private final RedisConnector<StatefulRedisPubSubConnection<String, String>> pubSub;
    private final CircuitBreaker breaker;
    private final CircuitBreaker leaseBreaker;
    private final MeterRegistry meters;
    private final String instanceId;
    private final ExecutorService background;
    private final InvalidationFaults faults;
    private final List<VersionedCache<?>> created = new CopyOnWriteArrayList<>();

    VersionedCaches(CacheSettings settings, Clock clock, Ticker ticker,
                    @Named("cache") BeanProvider<RedisRole> redis,
                    @Named("state") BeanProvider<RedisRole> leases,
                    @Named("cache") BeanProvider<StatefulRedisPubSubConnection<String, String>> pubSub,
                    Breakers breakers, MeterRegistry meters,
                    InstanceName instanceName,
                    @Named(TaskExecutors.BLOCKING) ExecutorService background, InvalidationFaults faults) {
        this.settings = settings;
        this.clock = clock;
        this.ticker = ticker;
        this.redis = new RedisConnector<>("cache", redis, ticker);
        this.leases = new RedisConnector<>("state", leases, ticker);
        this.pubSub = new RedisConnector<>("cache", pubSub, ticker);
        this.breaker = breakers.store(BREAKER);
        this.leaseBreaker = breakers.store(LEASE_BREAKER);
        this.meters = meters;
        this.instanceId = instanceName.value();
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
        VersionedCache<V> cache = TieredCaches.create(name, settings, codec, loader, clock, ticker, redis, leases,
                pubSub, breaker, leaseBreaker, meters, instanceId, background, watermark, faults);
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
