package dev.cachegate;

import dev.cachegate.embedded.EmbeddedServers;
import dev.cachegate.routing.Databases;
import dev.cachegate.routing.ReplicaTracker;
import dev.cachegate.testinfra.Cluster;
import dev.cachegate.testinfra.Http;
import dev.cachegate.testinfra.OwnRedis;
import dev.cachegate.testinfra.PostgresProcesses;
import dev.cachegate.testinfra.Products;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.micronaut.inject.qualifiers.Qualifiers;
import org.junit.jupiter.api.Test;
import redis.embedded.RedisServer;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An instance started while a server it uses is down starts, serves, says in {@code /health} what is down, and
 * recovers by itself once the server answers. The outages are of servers these tests own: a replica of their own
 * (stopped with SIGSTOP, so its port accepts and nothing answers, the worst case for a connect) and a cache Redis of
 * their own that is not running yet.
 */
class OutageStartupIT {

    private static final String ADMIN = "startup-admin-token-0123";

    @Test
    void anInstanceStartsWithTheReplicaBlackHoledServesFromThePrimaryAndUsesTheReplicaOnceItAnswers()
            throws Exception {
        try (EmbeddedServers servers = EmbeddedServers.start()) {
            Map<String, String> properties = new HashMap<>();
            servers.properties().forEach((key, value) -> properties.put(key, String.valueOf(value)));
            properties.put("cachegate.catalog.seed-products", "100");
            properties.put("cachegate.admin-token", ADMIN);
            properties.put("cachegate.routing.tracker-timeout", "1s");
            properties.put("cachegate.database.socket-timeout", "2s");
            properties.put("cachegate.database.statement-timeout", "1s");
            properties.put("datasources.replica.connection-timeout", "500");
            Cluster.start(1, "startup-seed", properties).close();

            List<Long> replica = PostgresProcesses.of(servers.dataRoot().resolve("replica"));
            try {
                PostgresProcesses.signal("-STOP", replica);
                try (Cluster cluster = Cluster.start(1, "startup-replica", properties)) {
                    Http http = cluster.http(0);
                    ReplicaTracker tracker = cluster.context(0).getBean(ReplicaTracker.class, Qualifiers.byName(Databases.REPLICA));
                    await(() -> !tracker.isUp(), Duration.ofSeconds(10), "the replica seen as down");
                    assertThat(http.get("/health/readiness").statusCode()).as("it can serve: ready").isEqualTo(200);
                    HttpResponse<String> health = http.get("/health");
                    assertThat(health.statusCode()).isEqualTo(200);
                    assertThat(health.body()).contains("reads go to the primary");
                    HttpResponse<String> read = http.get("/products/5");
                    assertThat(read.statusCode()).as(read.body()).isEqualTo(200);
                    assertThat(cluster.counter("cachegate.db.reads", "target", "primary", "reason", "replica-down"))
                            .isEqualTo(1);

                    PostgresProcesses.signal("-CONT", replica);
                    await(tracker::isUp, Duration.ofSeconds(20), "the replica up again");
                    double fromReplica = cluster.counter("cachegate.db.reads", "target", "replica");
                    assertThat(http.get("/products/6").statusCode()).isEqualTo(200);
                    assertThat(cluster.counter("cachegate.db.reads", "target", "replica"))
                            .as("reads back on the replica").isEqualTo(fromReplica + 1);
                    assertThat(http.get("/health").body()).contains("\"servesReads\":true");
                }
            } finally {
                PostgresProcesses.signal("-CONT", replica);
            }
        }
    }

    @Test
    void anInstanceStartsWithTheCacheRedisDownServesFromTheDatabaseAndUsesL2OnceRedisAnswers() throws Exception {
        int port = OwnRedis.freePort();
        long id = Products.create(40);
        Map<String, String> properties = new HashMap<>();
        properties.put("cachegate.redis.cache-uri", "redis://127.0.0.1:" + port);
        RedisServer redis = OwnRedis.server(port);
        try (Cluster cluster = Cluster.start(1, "startup-redis", properties)) {
            Http http = cluster.http(0);
            assertThat(http.get("/health/readiness").statusCode()).as("it can serve: ready").isEqualTo(200);
            HttpResponse<String> health = http.get("/health");
            assertThat(health.body()).contains("\"redis\":\"DOWN\"").contains("bypassed");
            HttpResponse<String> read = http.get("/products/" + id);
            assertThat(read.statusCode()).as(read.body()).isEqualTo(200);

            redis.start();
            RedisClient client = RedisClient.create("redis://127.0.0.1:" + port);
            try (StatefulRedisConnection<String, String> direct = client.connect()) {
                await(() -> direct.sync().pubsubShardNumsub("cachegate:invalidations:{products}")
                        .getOrDefault("cachegate:invalidations:{products}", 0L) == 1, Duration.ofSeconds(20),
                        "the invalidation subscription made");
                await(() -> {
                    try {
                        long fresh = Products.create(41);
                        return http.get("/products/" + fresh).statusCode() == 200
                                && direct.sync().exists("cachegate:cache:products:" + fresh) == 1;
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                }, Duration.ofSeconds(20), "a load filling L2");
                assertThat(http.get("/health").body()).contains("\"redis\":\"UP\"").contains("\"l2\":\"in use\"");
            } finally {
                client.shutdown();
            }
        } finally {
            if (redis.isActive()) {
                redis.stop();
            }
        }
    }

    private static void await(BooleanSupplier condition, Duration timeout, String what) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as(what + " within " + timeout).isLessThan(deadline);
            Thread.sleep(50);
        }
    }
}
