package dev.cachegate.redis;

import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.ClusterTopologyRefreshOptions;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.EachBean;
import io.micronaut.context.annotation.Factory;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;

/**
 * cachegate's two Redis roles, each with its own client: {@value #CACHE} ({@code cachegate.redis.cache-uri}: L2
 * entries and invalidations — bounded and evictable) and {@value #STATE} ({@code cachegate.redis.state-uri}: sessions,
 * the idempotency fast path, single-flight leases and {@code /stats} — must never be evicted). Both default to {@code redis.uri}. Both fail fast rather than
 * wait: commands time out after a short bound, and while a connection is down they are rejected at once instead of
 * queued for the reconnect, so a Redis outage costs a request microseconds, not the timeout; a connect attempt is
 * bounded by the same timeout.
 *
 * <p>Either URI may name one server, a Sentinel group or a Redis Cluster ({@link RedisTopology}); a Cluster client
 * follows slot moves and failovers by refreshing its topology on every MOVED/ASK redirect and reconnect, and every
 * {@value #TOPOLOGY_REFRESH_SECONDS} s.
 *
 * <p>Failure policy: the connections are beans made on first use, not at startup: consumers take them through a
 * {@code BeanProvider} (the cache role's through {@code RedisConnector}), so an instance starts while either Redis is
 * down and connects once it answers; Lettuce reconnects a connection it once made by itself.
 */
@Factory
final class RedisClientsFactory {

    private static final Logger LOG = LoggerFactory.getLogger(RedisClientsFactory.class);

    /** The cache role. */
    static final String CACHE = "cache";

    /** The state role. */
    static final String STATE = "state";

    static final int TOPOLOGY_REFRESH_SECONDS = 5;

    @Singleton
    @Named(CACHE)
    RoleSettings cacheRole(CacheRedisConfig config) {
        return new RoleSettings(CACHE, config.cacheUri(), config.cacheTimeout());
    }

    @Singleton
    @Named(STATE)
    RoleSettings stateRole(StateRedisConfig config) {
        return new RoleSettings(STATE, config.stateUri(), config.stateTimeout());
    }

    /** One client per role, named after it. */
    @EachBean(RoleSettings.class)
    @Bean(preDestroy = "shutdown")
    AbstractRedisClient client(RoleSettings role) {
        RedisTopology topology = RedisTopology.parse(role.uriKey(), role.uri());
        LOG.info("The {} role's Redis: {}", role.role(), switch (topology) {
            case RedisTopology.Single single -> "one server (or Sentinel group) "
                    + StateRedisConfig.masked(single.uri().toString());
            case RedisTopology.Cluster cluster -> "a Redis Cluster, seeds " + cluster.seeds().stream()
                    .map(seed -> seed.getHost() + ":" + seed.getPort()).toList();
        });
        return switch (topology) {
            case RedisTopology.Single single -> {
                RedisClient client = RedisClient.create(single.uri());
                client.setOptions(failFast(ClientOptions.builder(), role.timeout()).build());
                yield client;
            }
            case RedisTopology.Cluster cluster -> {
                RedisClusterClient client = RedisClusterClient.create(cluster.seeds());
                ClusterClientOptions.Builder options = ClusterClientOptions.builder();
                failFast(options, role.timeout());
                client.setOptions(options.topologyRefreshOptions(ClusterTopologyRefreshOptions.builder()
                        .enableAllAdaptiveRefreshTriggers()
                        .enablePeriodicRefresh(Duration.ofSeconds(TOPOLOGY_REFRESH_SECONDS)).build()).build());
                yield client;
            }
        };
    }

    /** One connection per role's client, with the client's name. */
    @EachBean(AbstractRedisClient.class)
    @Bean(preDestroy = "close")
    RedisRole connection(AbstractRedisClient client) {
        return RedisClients.connect(client);
    }

    @Singleton
    @Named(CACHE)
    @Bean(preDestroy = "close")
    StatefulRedisPubSubConnection<String, String> cachePubSub(@Named(CACHE) AbstractRedisClient client) {
        return RedisClients.connectPubSub(client);
    }

    private static ClientOptions.Builder failFast(ClientOptions.Builder options, Duration timeout) {
        return options.autoReconnect(true).disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .timeoutOptions(TimeoutOptions.enabled(timeout))
                .socketOptions(SocketOptions.builder().connectTimeout(timeout).build());
    }
}
