package dev.cachegate.redis;

import dev.cachegate.cache.CacheConfig;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Value;
import jakarta.inject.Named;
import jakarta.inject.Singleton;

import java.time.Duration;

/**
 * cachegate's two Redis roles, each with its own client: {@value #CACHE} ({@code cachegate.redis.cache-uri}: L2
 * entries and invalidations — bounded and evictable) and {@value #STATE} ({@code cachegate.redis.state-uri}: sessions,
 * the idempotency fast path, single-flight leases and {@code /stats} — must never be evicted). Both default to {@code redis.uri}. Both fail fast rather than
 * wait: commands time out after a short bound, and while a connection is down they are rejected at once instead of
 * queued for the reconnect, so a Redis outage costs a request microseconds, not the timeout; a connect attempt is
 * bounded by the same timeout.
 *
 * <p>Failure policy: the connections are beans made on first use, not at startup: consumers take them through a
 * {@code BeanProvider} (the cache role's through {@code RedisConnector}), so an instance starts while either Redis is
 * down and connects once it answers; Lettuce reconnects a connection it once made by itself.
 */
@Factory
final class RedisClientsFactory {

    /** The cache role. */
    static final String CACHE = "cache";

    /** The state role. */
    static final String STATE = "state";

    @Singleton
    @Named(CACHE)
    @Bean(preDestroy = "shutdown")
    RedisClient cacheRedisClient(@Value("${cachegate.redis.cache-uri}") String uri, CacheConfig config) {
        return client(uri, config.l2().timeout());
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

    @Singleton
    @Named(STATE)
    @Bean(preDestroy = "shutdown")
    RedisClient stateRedisClient(StateRedisConfig config) {
        return client(config.stateUri(), config.stateTimeout());
    }

    @Singleton
    @Named(STATE)
    @Bean(preDestroy = "close")
    StatefulRedisConnection<String, String> stateConnection(@Named(STATE) RedisClient client) {
        return client.connect();
    }

    private static RedisClient client(String uri, Duration timeout) {
        RedisClient client = RedisClient.create(RedisURI.create(uri));
        client.setOptions(ClientOptions.builder()
                .autoReconnect(true)
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .timeoutOptions(TimeoutOptions.enabled(timeout))
                .socketOptions(SocketOptions.builder().connectTimeout(timeout).build())
                .build());
        return client;
    }
}
