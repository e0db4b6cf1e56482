package dev.cachegate.cache.internal;

import dev.cachegate.cache.CacheConfig;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Value;
import jakarta.inject.Named;
import jakarta.inject.Singleton;

/**
 * The cache's own Redis client ({@code cachegate.redis.cache-uri}, by default {@code redis.uri}), tuned for a layer
 * that must fail fast rather than wait: commands time out after {@code cachegate.catalog.cache.l2.timeout}, and while
 * the connection is down they are rejected at once instead of queued for a reconnect.
 */
@Factory
final class CacheRedisFactory {

    /** Name of the cache's Redis beans. */
    static final String CACHE = "cache";

    @Singleton
    @Named(CACHE)
    @Bean(preDestroy = "shutdown")
    RedisClient cacheRedisClient(@Value("${cachegate.redis.cache-uri}") String uri,
                                 CacheConfig config) {
        RedisClient client = RedisClient.create(RedisURI.create(uri));
        client.setOptions(ClientOptions.builder()
                .autoReconnect(true)
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .timeoutOptions(TimeoutOptions.enabled(config.l2().timeout()))
                .build());
        return client;
    }

    @Singleton
    @Named(CACHE)
    @Bean(preDestroy = "close")
    StatefulRedisConnection<String, String> cacheConnection(@Named(CACHE) RedisClient client) {
        return client.connect();
    }

    @Singleton
    @Named(CACHE)
    @Bean(preDestroy = "close")
    StatefulRedisPubSubConnection<String, String> cachePubSub(@Named(CACHE) RedisClient client) {
        return client.connectPubSub();
    }
}
