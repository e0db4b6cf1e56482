package dev.cachegate.cache;

import dev.cachegate.testinfra.Browser;
import dev.cachegate.testinfra.Cluster;
import dev.cachegate.testinfra.Http;
import dev.cachegate.testinfra.OwnRedis;
import dev.cachegate.testinfra.Products;
import dev.cachegate.testinfra.UsesSharedServers;
import io.micronaut.runtime.server.EmbeddedServer;
import org.junit.jupiter.api.Test;
import redis.embedded.RedisServer;

import java.net.http.HttpResponse;
import java.util.Map;

import static dev.cachegate.cache.CacheTesting.layer;
import static dev.cachegate.cache.CacheTesting.readUntil;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Redis stopped and started again under running instances. This test stops a server, so it gets a Redis of its own
 * rather than the shared one; Postgres stays shared.
 */
class RedisOutageIT {

    @Test
    void readsSurviveARedisOutageAndAfterItL1IsClearedAndL2HitsResume() throws Exception {
        int port = OwnRedis.freePort();
        RedisServer redis = OwnRedis.started(port);
        long cached = Products.create(10);
        long uncached = Products.create(20);
        try (Cluster cluster = Cluster.start(2, "outage", withRedis(port))) {
            Http one = cluster.http(0);
            Http two = cluster.http(1);
            one.get("/products/" + cached);
            assertThat(layer(one.get("/products/" + cached))).isEqualTo("L1");

            redis.stop();

            HttpResponse<String> fromL1 = one.get("/products/" + cached);
            assertThat(fromL1.statusCode()).isEqualTo(200);
            assertThat(layer(fromL1)).isEqualTo("L1");
            for (int i = 0; i < 10; i++) {
                HttpResponse<String> fromDatabase = two.get("/products/" + uncached);
                assertThat(fromDatabase.statusCode()).as("read %d with Redis down", i).isEqualTo(200);
            }
            HttpResponse<String> health = one.get("/health");
            assertThat(health.statusCode()).as("the instance stays UP without Redis").isEqualTo(200);
            assertThat(health.body()).contains("\"status\":\"UP\"").contains("\"redis\":\"DOWN\"")
                    .contains("bypassed");

            redis = OwnRedis.started(port);

            HttpResponse<String> afterRecovery = readUntil(one, "/products/" + cached,
                    r -> !"L1".equals(layer(r)), 20_000);
            assertThat(layer(afterRecovery)).as("L1 cleared once Redis answers again").isNotEqualTo("L1");
            HttpResponse<String> l2Hit = readUntil(two, "/products/" + cached, r -> "L2".equals(layer(r)), 20_000);
            assertThat(layer(l2Hit)).as("L2 used again").isEqualTo("L2");
            assertThat(cluster.counter("cachegate.cache.l1.clears")).isGreaterThan(0);
            assertThat(cluster.counter("cachegate.cache.l2.errors")).isGreaterThan(0);
        } finally {
            redis.stop();
        }
    }

    @Test
    void anEvictionWithRedisDownEvictsThisInstancesL1AndSaysWhatItCouldNotReach() throws Exception {
        int port = OwnRedis.freePort();
        RedisServer redis = OwnRedis.started(port);
        long cached = Products.create(30);
        try (Cluster cluster = Cluster.start(1, "outage-evict", withRedis(port))) {
            Http one = cluster.http(0);
            one.get("/products/" + cached);
            assertThat(layer(one.get("/products/" + cached))).isEqualTo("L1");

            redis.stop();

            HttpResponse<String> eviction = new Browser().send(
                    cluster.context(0).getBean(EmbeddedServer.class).getURI(), "DELETE",
                    "/admin/cache/products/" + cached, null, "Authorization",
                    "Bearer " + UsesSharedServers.ADMIN_TOKEN);
            assertThat(eviction.statusCode()).as("an eviction Redis kept from L2 says so").isEqualTo(503);
            assertThat(eviction.headers().firstValue("Content-Type")).hasValue("application/problem+json");
            assertThat(eviction.body()).contains("evicted from this instance's L1, but not from L2 nor the other "
                    + "instances' L1");
            assertThat(layer(one.get("/products/" + cached))).as("this instance's L1 was evicted").isNotEqualTo("L1");
        } finally {
            redis.stop();
        }
    }

    /** The TTL-only design, where an outage may have lost invalidations; the change stream's case is ChangeStreamIT. */
    private static Map<String, String> withRedis(int port) {
        Map<String, String> properties = new java.util.HashMap<>(CacheTesting.TTL_ONLY);
        properties.put("redis.uri", "redis://127.0.0.1:" + port);
        return properties;
    }
}
