package dev.cachegate.cache;

import dev.cachegate.testinfra.Cluster;
import dev.cachegate.testinfra.Http;
import dev.cachegate.testinfra.OwnRedis;
import dev.cachegate.testinfra.Products;
import org.junit.jupiter.api.Test;
import redis.embedded.RedisServer;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.Map;

import static dev.cachegate.cache.CacheTesting.ADMIN;
import static dev.cachegate.cache.CacheTesting.layer;
import static dev.cachegate.cache.CacheTesting.price;
import static dev.cachegate.cache.CacheTesting.readUntil;
import static dev.cachegate.cache.CacheTesting.setPrice;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Freshness from the change stream when the fast path fails: a writer that crashed after its commit, invalidations
 * dropped, an instance's subscription blocked, the cache Redis down and restarted. In each, every instance serves the
 * new price within the watermark bound ({@code max-lag}, 1 s here, plus one poll and scheduling slack), and an
 * instance that cannot prove its cache fresh says so in {@code /health} and its metrics and reads the database.
 */
class ChangeStreamIT {

    private static final long MAX_LAG_MILLIS = 1000;
    private static final long BOUND_MILLIS = MAX_LAG_MILLIS + 100 + 700;
    private static final Map<String, String> STREAM = Map.of(
            "cachegate.catalog.changes.max-lag", MAX_LAG_MILLIS + "ms",
            "cachegate.catalog.changes.poll-interval", "100ms",
            "cachegate.faults.enabled", "true");

    @Test
    void aChangeWhoseWriterCrashedAfterCommitReachesEveryInstance() throws Exception {
        long id = Products.create(100);
        String path = "/products/" + id;
        try (Cluster cluster = Cluster.start(2, "crashed-writer", STREAM)) {
            warm(cluster, path);

            long committed = System.nanoTime();
            Products.commitChangeWithoutInvalidating(id, 111);

            for (int i = 0; i < 2; i++) {
                HttpResponse<String> read = readUntil(cluster.http(i), path, r -> price(r) == 111,
                        remaining(committed));
                assertThat(price(read)).as("instance %d within the bound", i + 1).isEqualTo(111);
            }
            assertThat(cluster.counter("cachegate.changes.applied")).isGreaterThanOrEqualTo(2);
        }
    }

    @Test
    void droppedInvalidationsAreMadeUpByTheStream() throws Exception {
        long id = Products.create(200);
        String path = "/products/" + id;
        try (Cluster cluster = Cluster.start(2, "dropped", STREAM)) {
            warm(cluster, path);
            faults(cluster.http(1), "{\"invalidationDropRate\": 1.0}");

            long updated = System.nanoTime();
            setPrice(cluster.http(0), id, 222);

            HttpResponse<String> read = readUntil(cluster.http(1), path, r -> price(r) == 222, remaining(updated));
            assertThat(price(read)).as("the instance that dropped the message, within the bound").isEqualTo(222);
            assertThat(Cluster.counter(cluster.context(1), "cachegate.cache.invalidations", "direction", "received",
                    "result", "dropped")).isGreaterThanOrEqualTo(1);
            assertThat(changeFeed(cluster.http(1))).as("dropped messages do not put the stream behind")
                    .contains("\"trusted\":true");
        }
    }

    @Test
    void aBlockedSubscriptionStopsTheInstanceTrustingItsCacheWithinTheBound() throws Exception {
        long id = Products.create(300);
        String path = "/products/" + id;
        try (Cluster cluster = Cluster.start(2, "blocked", STREAM)) {
            warm(cluster, path);
            faults(cluster.http(1), "{\"pauseSeconds\": 4}");

            long updated = System.nanoTime();
            setPrice(cluster.http(0), id, 333);

            HttpResponse<String> read = readUntil(cluster.http(1), path, r -> price(r) == 333, remaining(updated));
            assertThat(price(read)).as("the blocked instance, within the bound").isEqualTo(333);
            assertThat(layer(read)).as("from the database, not its L1").isEqualTo("MISS");
            assertThat(changeFeed(cluster.http(1))).contains("\"trusted\":false")
                    .contains("reads go to the database");
            assertThat(Cluster.gauge(cluster.context(1), "cachegate.changes.trusted")).isZero();
            assertThat(Cluster.gauge(cluster.context(1), "cachegate.changes.watermark.age"))
                    .isGreaterThan(MAX_LAG_MILLIS / 1000.0);
            assertThat(Cluster.counter(cluster.context(1), "cachegate.cache.untrusted")).isGreaterThanOrEqualTo(1);

            HttpResponse<String> caughtUp = readUntil(cluster.http(1), path, r -> "L1".equals(layer(r)), 8000);
            assertThat(layer(caughtUp)).as("cached reads again once the stream is applied").isEqualTo("L1");
            assertThat(price(caughtUp)).isEqualTo(333);
            assertThat(changeFeed(cluster.http(1))).contains("\"trusted\":true");
        }
    }

    @Test
    void withTheCacheRedisDownTheStreamHoldsItsWatermarkUntilL2IsToldAndRestarted() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            port = socket.getLocalPort();
        }
        RedisServer redis = OwnRedis.server(port);
        redis.start();
        long id = Products.create(400);
        String path = "/products/" + id;
        Map<String, String> properties = new HashMap<>(STREAM);
        properties.put("redis.uri", "redis://127.0.0.1:" + port);
        try (Cluster cluster = Cluster.start(2, "redis-restart", properties)) {
            warm(cluster, path);

            redis.stop();
            long updated = System.nanoTime();
            setPrice(cluster.http(0), id, 444);

            for (int i = 0; i < 2; i++) {
                HttpResponse<String> read = readUntil(cluster.http(i), path, r -> price(r) == 444,
                        remaining(updated));
                assertThat(price(read)).as("instance %d with Redis down, within the bound", i + 1).isEqualTo(444);
            }
            HttpResponse<String> behind = readUntil(cluster.http(1), "/health",
                    r -> r.body().contains("\"trusted\":false"), 3000);
            assertThat(behind.body()).as("L2 could not be told: the watermark holds and the instance says so")
                    .contains("\"trusted\":false");
            assertThat(Cluster.gauge(cluster.context(1), "cachegate.changes.trusted")).isZero();
            assertThat(Cluster.counter(cluster.context(1), "cachegate.changes.failures", "reason", "cache"))
                    .isGreaterThanOrEqualTo(1);

            redis = OwnRedis.server(port);
            redis.start();

            HttpResponse<String> recovered = readUntil(cluster.http(1), "/health",
                    r -> r.body().contains("\"trusted\":true"), 20_000);
            assertThat(recovered.body()).contains("\"trusted\":true");
            for (int i = 0; i < 2; i++) {
                assertThat(price(cluster.http(i).get(path))).as("instance %d after the restart", i + 1)
                        .isEqualTo(444);
            }
        } finally {
            redis.stop();
        }
    }

    private static void warm(Cluster cluster, String path) throws Exception {
        for (int i = 0; i < cluster.size(); i++) {
            Http http = cluster.http(i);
            HttpResponse<String> cached = readUntil(http, path, r -> "L1".equals(layer(r)), 5000);
            assertThat(layer(cached)).as("instance %d caches the product", i + 1).isEqualTo("L1");
        }
    }

    private static void faults(Http http, String json) {
        HttpResponse<String> response = http.put("/admin/faults", json, ADMIN);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    }

    private static String changeFeed(Http http) {
        return http.get("/health").body();
    }

    private static long remaining(long since) {
        return Math.max(1, BOUND_MILLIS - (System.nanoTime() - since) / 1_000_000);
    }
}
