package dev.cachegate.redis;

import dev.cachegate.config.ConfigChecks.Positive;
import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.context.annotation.Context;
import io.micronaut.core.bind.annotation.Bindable;

import java.time.Duration;

import static dev.cachegate.config.ConfigChecks.check;

/**
 * {@code cachegate.redis.cache-*}: the cache role's Redis (L2 entries, invalidations, the catalog preload), bounded
 * and evictable; {@link StateRedisConfig} is the state role's.
 *
 * @param cacheUri     one server, a Sentinel group or a Redis Cluster's seeds, as {@code state-uri}
 * @param cacheTimeout the bound of every cache command and connect attempt: past it an L2 read degrades to the
 *                     database
 */
@Context
@ConfigurationProperties("cachegate.redis")
public record CacheRedisConfig(String cacheUri, @Bindable(defaultValue = "100ms") @Positive Duration cacheTimeout) {

    /** Validates, echoing the bad value with any password masked. */
    public CacheRedisConfig {
        cacheUri = StateRedisConfig.validUri("cachegate.redis.cache-uri", cacheUri);
        check(CacheRedisConfig.class, cacheUri, cacheTimeout);
    }
}
