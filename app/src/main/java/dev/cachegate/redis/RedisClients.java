package dev.cachegate.redis;

import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;

import java.util.concurrent.CompletableFuture;

/**
 * The connections a role's client makes, whichever kind it is ({@link RedisClient} for one server or a Sentinel
 * group, {@link RedisClusterClient} for a Cluster): the one place that tells the two apart.
 */
public final class RedisClients {

    private RedisClients() {
    }

    /**
     * @param client a role's client
     * @return a new command connection
     */
    public static RedisRole connect(AbstractRedisClient client) {
        return switch (client) {
            case RedisClusterClient cluster -> RedisRole.of(cluster.connect());
            case RedisClient single -> RedisRole.of(single.connect());
            default -> throw unknown(client);
        };
    }

    /**
     * @param client a role's client
     * @return a new pub/sub connection (on a Cluster, one that routes sharded subscriptions by slot)
     */
    public static StatefulRedisPubSubConnection<String, String> connectPubSub(AbstractRedisClient client) {
        return switch (client) {
            case RedisClusterClient cluster -> cluster.connectPubSub();
            case RedisClient single -> single.connectPubSub();
            default -> throw unknown(client);
        };
    }

    /**
     * @param client a role's client
     * @param codec  the connection's codec
     * @param uri    the server a {@link RedisClient} connects to (a Cluster client has its seeds)
     * @return the connection, once made
     */
    public static <V> CompletableFuture<? extends StatefulConnection<String, V>> connectAsync(
            AbstractRedisClient client, RedisCodec<String, V> codec, RedisURI uri) {
        return switch (client) {
            case RedisClusterClient cluster -> cluster.connectAsync(codec).toCompletableFuture();
            case RedisClient single -> single.connectAsync(codec, uri).toCompletableFuture();
            default -> CompletableFuture.failedFuture(unknown(client));
        };
    }

    private static IllegalStateException unknown(AbstractRedisClient client) {
        return new IllegalStateException("unknown Redis client " + client);
    }
}
