package dev.cachegate.session;

import dev.cachegate.problem.DependencyUnavailableException;
import dev.cachegate.redis.RedisClients;
import dev.cachegate.redis.RedisRole;
import dev.cachegate.redis.StateRedisConfig;
import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.RedisException;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.BeanProvider;
import io.micronaut.context.exceptions.BeanInstantiationException;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.function.Function;

/**
 * The sessions' calls to the state role's Redis, failing closed: a Redis that cannot be reached (or whose connection
 * could not be made at startup) is a {@link DependencyUnavailableException}, a 503.
 *
 * <p>Writes that must survive a failover (logins, logouts, causal tokens) go through {@link #replicated}: with
 * {@code cachegate.redis.state-replica-acks} above 0 they run on a connection of their own, each followed by
 * {@code WAIT <acks> <state-replica-timeout>}. {@code WAIT} waits for every write sent before it on its connection
 * (other threads' too) and holds that connection meanwhile, so it gets one of its own: the shared one's session
 * reads never queue behind it. Replicated writes therefore go one {@code WAIT} at a time, each a replica round trip
 * (under a millisecond on one network).
 *
 * <p>Failure policy: a write the replicas did not acknowledge in time exists on the primary only and may vanish
 * with it. A required one (login, logout) is then a 503, so no client holds a cookie for a session a failover may
 * lose, nor believes a logout that may be undone; the login's session stays on the primary until its TTL. A causal
 * token is recorded after its write committed in PostgreSQL, so a short count is logged and counted
 * ({@code cachegate_redis_replica_waits_total{outcome="short"}}) and the answer stands.
 */
@Singleton
final class StateRedis {

    private static final Logger LOG = LoggerFactory.getLogger(StateRedis.class);

    private final BeanProvider<RedisRole> redis;
    private final BeanProvider<AbstractRedisClient> client;
    private final StateRedisConfig config;
    private final Counter acked;
    private final Counter shortOfAcks;
    private RedisRole replicatedConnection;

    StateRedis(@Named("state") BeanProvider<RedisRole> redis,
               @Named("state") BeanProvider<AbstractRedisClient> client, StateRedisConfig config, MeterRegistry meters) {
        this.redis = redis;
        this.client = client;
        this.config = config;
        this.acked = meters.counter("cachegate.redis.replica.waits", "outcome", "acked");
        this.shortOfAcks = meters.counter("cachegate.redis.replica.waits", "outcome", "short");
    }

    <T> T call(Function<RedisClusterCommands<String, String>, T> command) {
        try {
            return command.apply(redis.get().sync());
        } catch (RedisException | BeanInstantiationException e) {
            throw new DependencyUnavailableException("redis", e);
        }
    }

    /**
     * @param key      the key the writes touch: on a Cluster, {@code WAIT} runs on its primary
     * @param command  the writes
     * @param required whether too few acknowledgements make it a 503 (else they are logged and counted)
     * @return the command's result
     */
    <T> T replicated(String key, Function<RedisClusterCommands<String, String>, T> command, boolean required) {
        if (config.stateReplicaAcks() == 0) {
            return call(command);
        }
        RedisRole connection;
        T result;
        try {
            connection = replicatedConnection();
            result = command.apply(connection.sync());
        } catch (RedisException | BeanInstantiationException e) {
            throw new DependencyUnavailableException("redis", e);
        }
        String replicas;
        try {
            long acknowledged = connection.waitForReplicas(key, config.stateReplicaAcks(),
                    config.stateReplicaTimeout());
            if (acknowledged >= config.stateReplicaAcks()) {
                acked.increment();
                return result;
            }
            replicas = Long.toString(acknowledged);
        } catch (RedisException e) {
            replicas = "unknown (" + e + ")";
        }
        shortOfAcks.increment();
        String message = "state Redis: " + replicas + " of " + config.stateReplicaAcks() + " replicas acknowledged "
                + "a session write within " + config.stateReplicaTimeout() + "; a failover may lose it";
        if (required) {
            throw new DependencyUnavailableException("redis", new RedisException(message));
        }
        LOG.warn(message);
        return result;
    }

    private synchronized RedisRole replicatedConnection() {
        if (replicatedConnection == null) {
            replicatedConnection = RedisClients.connect(client.get());
        }
        return replicatedConnection;
    }

    @PreDestroy
    synchronized void close() {
        if (replicatedConnection != null) {
            replicatedConnection.close();
        }
    }
}
