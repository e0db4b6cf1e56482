package dev.cachegate.catalog;

import dev.cachegate.cache.CacheSettings;
import dev.cachegate.cache.Strategy;
import dev.cachegate.config.ConfigChecks.Between;
import dev.cachegate.config.ConfigChecks.Positive;
import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.context.annotation.Context;
import io.micronaut.core.bind.annotation.Bindable;

import java.time.Duration;
import java.util.Objects;

import static dev.cachegate.config.ConfigChecks.check;

/**
 * {@code cachegate.catalog.cache}: the tiered product cache. Validated at startup; every message names the key and
 * echoes the value (a bad strategy too: {@link StrategyConverter}). The cache reads it as its {@link CacheSettings}.
 *
 * @param strategy     {@code cache-aside}, {@code write-through}, {@code refresh-ahead} or {@code none}
 * @param l1           the in-process Caffeine layer
 * @param l2           the shared Redis layer
 * @param negativeTtl  how long "no such product" is remembered
 * @param tombstoneTtl how long an invalidation's minimum version is remembered; must outlast replica lag
 * @param tombstoneMaxEntries how many keys' minimum versions each instance remembers at most (the least recently
 *                     used beyond); must cover the keys changed within {@code tombstone-ttl}
 * @param jitter       fraction (0–0.5) by which each entry's TTL is randomly shortened, so entries filled together do
 *                     not expire together; never lengthened, so the freshness budget holds
 * @param beta         XFetch's β for {@code refresh-ahead}: larger refreshes earlier
 * @param singleFlight how concurrent misses of one key are collapsed
 * @param bulkhead     the bound on concurrent database loads
 */
@Context
@ConfigurationProperties("cachegate.catalog.cache")
public record CacheConfig(@Bindable(defaultValue = "cache-aside") Strategy strategy,
                          L1 l1,
                          L2 l2,
                          @Bindable(defaultValue = "5s") @Positive Duration negativeTtl,
                          @Bindable(defaultValue = "30s") @Positive Duration tombstoneTtl,
                          @Bindable(defaultValue = "100000") @Positive long tombstoneMaxEntries,
                          @Bindable(defaultValue = "0.1") @Between(min = 0, max = 0.5) double jitter,
                          @Bindable(defaultValue = "1.0") double beta,
                          SingleFlight singleFlight,
                          Bulkhead bulkhead) implements CacheSettings {

    /** Validates, echoing the bad value. */
    public CacheConfig {
        Objects.requireNonNull(strategy, "cachegate.catalog.cache.strategy");
        check(CacheConfig.class, strategy, l1, l2, negativeTtl, tombstoneTtl, tombstoneMaxEntries, jitter, beta,
                singleFlight, bulkhead);
        if (!(beta > 0 && beta <= 100)) {
            throw new IllegalArgumentException("cachegate.catalog.cache.beta must be in (0, 100] but was " + beta);
        }
    }

    /**
     * @param enabled     whether the layer is used
     * @param maximumSize entries kept (size-bounded, W-TinyLFU)
     * @param ttl         longest an entry is kept: memory management, not freshness, unless the change stream is off
     */
    @ConfigurationProperties("l1")
    public record L1(@Bindable(defaultValue = "true") boolean enabled,
                     @Bindable(defaultValue = "100000") @Positive long maximumSize,
                     @Bindable(defaultValue = "1h") @Positive Duration ttl) implements CacheSettings.L1 {
        /** Validates, echoing the bad value. */
        public L1 {
            check(L1.class, enabled, maximumSize, ttl);
        }
    }

    /**
     * The shared Redis layer; each of its calls is bounded by {@code cachegate.redis.cache-timeout}, the cache role's.
     *
     * @param enabled whether the layer is used
     * @param ttl     longest an entry is kept
     */
    @ConfigurationProperties("l2")
    public record L2(@Bindable(defaultValue = "true") boolean enabled,
                     @Bindable(defaultValue = "6h") @Positive Duration ttl) implements CacheSettings.L2 {
        /** Validates, echoing the bad value. */
        public L2 {
            check(L2.class, enabled, ttl);
        }
    }

    /**
     * @param local       collapse concurrent misses of a key inside this instance
     * @param cluster     collapse them across instances with a Redis lease
     * @param leaseTtl    how long a lease holder may take before others load themselves
     * @param waitTimeout how long an instance waits for another's fill
     * @param recheck     how often a waiter looks at L2 when no fill signal came: the bound on the wait a lost signal
     *                    or a holder that died without releasing can add
     */
    @ConfigurationProperties("single-flight")
    public record SingleFlight(@Bindable(defaultValue = "true") boolean local,
                               @Bindable(defaultValue = "true") boolean cluster,
                               @Bindable(defaultValue = "2s") @Positive Duration leaseTtl,
                               @Bindable(defaultValue = "2s") @Positive Duration waitTimeout,
                               @Bindable(defaultValue = "50ms") @Positive Duration recheck)
            implements CacheSettings.SingleFlight {
        /** Validates, echoing the bad value. */
        public SingleFlight {
            check(SingleFlight.class, local, cluster, leaseTtl, waitTimeout, recheck);
        }
    }

    /**
     * @param maxConcurrentLoads database loads running at once, per instance
     * @param maxWait            how long a load waits for a slot before the client gets 503
     */
    @ConfigurationProperties("bulkhead")
    public record Bulkhead(@Bindable(defaultValue = "32") @Positive int maxConcurrentLoads,
                           @Bindable(defaultValue = "200ms") @Positive Duration maxWait)
            implements CacheSettings.Bulkhead {
        /** Validates, echoing the bad value. */
        public Bulkhead {
            check(Bulkhead.class, maxConcurrentLoads, maxWait);
        }
    }
}
