package dev.cachegate.redis;

import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.SlotHash;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;

import java.time.Duration;
import java.util.List;
import java.util.function.Function;

/**
 * One Redis role's shared command connection, to a single server (or to the primary Sentinel names) or to a Redis
 * Cluster, behind the commands both have. Code written against it runs on either; what a Cluster adds is the rule
 * that a script's or a multi-key command's keys share one hash slot, which every caller keeps with hash tags or by
 * sending one command per key.
 */
public interface RedisRole extends AutoCloseable {

    /** @return blocking commands, each bounded by the role's timeout */
    RedisClusterCommands<String, String> sync();

    /** @return asynchronous commands */
    RedisClusterAsyncCommands<String, String> async();

    /** @return the underlying connection */
    StatefulConnection<String, String> connection();

    /**
     * {@code WAIT}: blocks until the writes this connection sent to the server holding {@code key} reached that many
     * replicas, or the timeout passes. On a Cluster it runs on the connection to the key's primary, the one the
     * writes went through; on a single server, on the connection itself. It holds that connection for up to the
     * timeout, so keep the timeout short.
     *
     * @param key      a key just written
     * @param replicas how many replicas must have it
     * @param timeout  the longest wait
     * @return how many replicas acknowledged
     */
    long waitForReplicas(String key, int replicas, Duration timeout);

    /**
     * @param section an {@code INFO} section, e.g. {@code memory}
     * @return its text from the server, or from every primary of a Cluster
     */
    List<String> infoOfPrimaries(String section);

    /** @return whether the connection is open now */
    default boolean isOpen() {
        return connection().isOpen();
    }

    @Override
    default void close() {
        connection().close();
    }

    /**
     * @param connection a connection to one server
     * @return it as a role connection
     */
    static RedisRole of(StatefulRedisConnection<String, String> connection) {
        return new Connected(connection, connection.sync(), connection.async(),
                (key, replicas, timeout) -> connection.sync().waitForReplication(replicas, timeout.toMillis()),
                section -> List.of(connection.sync().info(section)));
    }

    /**
     * @param connection a connection to a Redis Cluster, which routes each command to the primary of its key's slot
     * @return it as a role connection
     */
    static RedisRole of(StatefulRedisClusterConnection<String, String> connection) {
        return new Connected(connection, connection.sync(), connection.async(), (key, replicas, timeout) -> {
            RedisURI primary = connection.getPartitions().getPartitionBySlot(SlotHash.getSlot(key)).getUri();
            return connection.getConnection(primary.getHost(), primary.getPort()).sync()
                    .waitForReplication(replicas, timeout.toMillis());
        }, section -> connection.sync().upstream().commands().info(section).stream().toList());
    }

    /** How a connection waits for replicas. */
    @FunctionalInterface
    interface Replication {
        long await(String key, int replicas, Duration timeout);
    }

    /** A connection, with the commands it has, how it waits for replicas and how it asks every primary. */
    record Connected(StatefulConnection<String, String> connection, RedisClusterCommands<String, String> sync,
                     RedisClusterAsyncCommands<String, String> async, Replication replication,
                     Function<String, List<String>> primaries) implements RedisRole {

        @Override
        public List<String> infoOfPrimaries(String section) {
            return primaries.apply(section);
        }

        @Override
        public long waitForReplicas(String key, int replicas, Duration timeout) {
            return replication.await(key, replicas, timeout);
        }
    }
}
