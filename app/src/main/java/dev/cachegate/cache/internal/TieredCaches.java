package dev.cachegate.cache.internal;

import com.github.benmanes.caffeine.cache.Ticker;
import dev.cachegate.cache.CacheLoader;
import dev.cachegate.cache.CacheSettings;
import dev.cachegate.cache.InvalidationFaults;
import dev.cachegate.cache.Strategy;
import dev.cachegate.cache.ValueCodec;
import dev.cachegate.cache.Versioned;
import dev.cachegate.cache.VersionedCache;
import dev.cachegate.cache.Watermark;
import dev.cachegate.redis.RedisRole;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;

/** Assembles a {@link VersionedCache} from its parts; the one entry point into this package. */
public final class TieredCaches {

    private static final Logger LOG = LoggerFactory.getLogger(TieredCaches.class);

    private TieredCaches() {
    }

    /**
     * @param name       the cache's name, in keys and metrics
     * @param settings   the settings
     * @param codec      value to text and back, for L2
     * @param loader     the source of truth
     * @param clock      the time of stored timestamps
     * @param ticker     the time of durations and deadlines
     * @param redis      the cache role's Redis connection (entries, invalidations)
     * @param leases     the state role's Redis connection (single-flight leases)
     * @param pubSub     its pub/sub connection, for invalidations
     * @param breaker    the {@code redis-l2} circuit breaker
     * @param leaseBreaker the {@code redis-leases} circuit breaker, for single-flight leases in the state role
     * @param meters     the meter registry
     * @param instanceId this instance's id, to ignore its own invalidations
     * @param background runs refresh-ahead reloads
     * @param watermark  how current the cache is; while a tracked one is behind, reads skip the cache
     * @param faults     injected invalidation faults
     * @param <V>        the value type
     * @return the cache, with the strategy the configuration names
     */
    public static <V extends Versioned> VersionedCache<V> create(String name, CacheSettings settings,
                                                                 ValueCodec<V> codec, CacheLoader<V> loader,
                                                                 Clock clock, Ticker ticker,
                                                                 Supplier<RedisRole> redis,
                                                                 Supplier<RedisRole> leases,
                                                                 Supplier<StatefulRedisPubSubConnection<String, String>> pubSub,
                                                                 CircuitBreaker breaker, CircuitBreaker leaseBreaker,
                                                                 MeterRegistry meters,
                                                                 String instanceId, Executor background,
                                                                 Watermark watermark, InvalidationFaults faults) {
        CacheMetrics metrics = new CacheMetrics(meters, name);
        RedisL2<V> l2 = new RedisL2<>(name, redis, leases, codec, breaker, leaseBreaker, metrics, clock);
        TieredCache<V> core = new TieredCache<>(name, settings, clock, ticker, loader, metrics, l2, background,
                () -> ThreadLocalRandom.current().nextDouble(), watermark);
        breaker.getEventPublisher().onStateTransition(event -> {
            if (!watermark.tracked() && event.getStateTransition().getToState() == CircuitBreaker.State.CLOSED) {
                LOG.warn("{}: Redis answers again; clearing L1, invalidations may have been missed", name);
                core.clearAll("redis-recovered");
            }
        });
        if (settings.strategy() != Strategy.NONE) {
            core.attach(new InvalidationBus(name, instanceId, redis, pubSub, core, metrics, faults,
                    !watermark.tracked(), ticker));
        }
        LOG.info("{} cache: {}, L1 {} (max {}, ttl {}), L2 {} (ttl {}), single flight local={} cluster={}, "
                        + "freshness from {}", name, settings.strategy().configName(),
                settings.l1().enabled() ? "on" : "off", settings.l1().maximumSize(), settings.l1().ttl(),
                settings.l2().enabled() ? "on" : "off", settings.l2().ttl(),
                settings.singleFlight().local(), settings.singleFlight().cluster(), watermark.tracked()
                        ? "the change stream (max lag " + watermark.maxLag() + ")" : "TTLs only");
        return switch (settings.strategy()) {
            case CACHE_ASIDE -> new CacheAsideCache<>(core);
            case WRITE_THROUGH -> new WriteThroughCache<>(core);
            case REFRESH_AHEAD -> new RefreshAheadCache<>(core);
            case NONE -> new NoCache<>(core);
        };
    }
}
