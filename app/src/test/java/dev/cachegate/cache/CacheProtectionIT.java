package dev.cachegate.cache;

import dev.cachegate.redis.RedisRole;
import dev.cachegate.testinfra.Cluster;
import dev.cachegate.testinfra.Products;
import dev.cachegate.testinfra.SharedInfrastructure;
import io.lettuce.core.SetArgs;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import static dev.cachegate.cache.CacheTesting.layer;
import static dev.cachegate.cache.CacheTesting.readUntil;
import static org.assertj.core.api.Assertions.assertThat;

/** What protects the database: negative entries, the bulkhead, leases that die with their holder, the warm-up behind readiness. */
class CacheProtectionIT {

    private static final String LOADS = "cachegate.cache.loads";

    @Test
    void aMissingProductIsRememberedSoRepeatedLookupsDoNotReachTheDatabase() {
        try (Cluster cluster = Cluster.start(2, "negative", Map.of())) {
            String path = "/products/" + (8_000_000_000L + System.nanoTime() % 1_000_000);
            double before = cluster.counter(LOADS);

            for (int i = 0; i < 10; i++) {
                assertThat(cluster.http(i % 2).get(path).statusCode()).isEqualTo(404);
            }

            assertThat(cluster.counter(LOADS) - before).as("one load for ten lookups on two instances").isEqualTo(1);
        }
    }

    @Test
    void pastTheBulkheadAColdReadGets503WithRetryAfterInsteadOfQueueing() throws Exception {
        long first = Products.create(1);
        long second = Products.create(2);
        try (Cluster cluster = Cluster.start(1, "bulkhead", Map.of(
                "cachegate.catalog.load-delay", "500ms",
                "cachegate.catalog.cache.bulkhead.max-concurrent-loads", "1",
                "cachegate.catalog.cache.bulkhead.max-wait", "50ms"));
             ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
            assertThat(cluster.http(0).get("/health/liveness").statusCode()).as("the client and server are warm")
                    .isEqualTo(200);
            CompletableFuture<HttpResponse<String>> slow = CompletableFuture.supplyAsync(
                    () -> cluster.http(0).get("/products/" + first), clients);
            Thread.sleep(200);

            HttpResponse<String> refused = cluster.http(0).get("/products/" + second);

            assertThat(refused.statusCode()).isEqualTo(503);
            assertThat(refused.headers().firstValue("Retry-After")).hasValue("1");
            assertThat(refused.body()).contains("https://cachegate.dev/problems/overloaded");
            assertThat(slow.get().statusCode()).isEqualTo(200);
        }
    }

    @Test
    void aLeaseWhoseHolderDiedDelaysTheLoadOnlyUntilItExpires() throws Exception {
        long id = Products.create(3);
        RedisRole redis = SharedInfrastructure.appRedis();
        try (Cluster cluster = Cluster.start(1, "orphan", Map.of())) {
            redis.sync().set("cachegate:lease:products:" + id, "holder-that-died", SetArgs.Builder.px(700));
            double before = cluster.counter(LOADS);
            long start = System.nanoTime();

            HttpResponse<String> response = cluster.http(0).get("/products/" + id);

            long waitedMillis = (System.nanoTime() - start) / 1_000_000;
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(layer(response)).isEqualTo("MISS");
            assertThat(waitedMillis).as("waited for the orphaned lease").isGreaterThanOrEqualTo(500);
            assertThat(cluster.counter(LOADS) - before).isEqualTo(1);
        }
    }

    @Test
    void readinessStaysClosedUntilTheWarmUpHasPutTheHotSetInL1() throws Exception {
        try (Cluster cluster = Cluster.start(1, "warm", Map.of(
                "cachegate.catalog.warmup.enabled", "true",
                "cachegate.catalog.warmup.hot-set", "20",
                "cachegate.catalog.warmup.requests", "0",
                "cachegate.catalog.warmup.concurrency", "1",
                "cachegate.catalog.cache.l2.enabled", "false",
                "cachegate.catalog.load-delay", "200ms"))) {
            HttpResponse<String> warming = cluster.http(0).get("/health/readiness");

            assertThat(warming.statusCode()).as("20 loads of 200 ms on one thread: still warming").isEqualTo(503);
            assertThat(warming.body()).contains("\"warmup\"");
            assertThat(cluster.http(0).get("/health/liveness").statusCode()).as("warming is alive").isEqualTo(200);

            HttpResponse<String> ready = readUntil(cluster.http(0), "/health/readiness", r -> r.statusCode() == 200,
                    20_000);
            assertThat(ready.statusCode()).isEqualTo(200);
            assertThat(cluster.http(0).get("/health").body()).contains("\"l1\":{\"of\":20,\"done\":20");
            double loads = cluster.counter(LOADS);
            assertThat(List.of(layer(cluster.http(0).get("/products/1")), layer(cluster.http(0).get("/products/20"))))
                    .containsExactly("L1", "L1");
            assertThat(cluster.counter(LOADS)).as("the hot set was loaded before readiness opened").isEqualTo(loads);
        }
    }

    @Test
    void theWarmUpSendsItsJitRequestsBeforeReadinessOpens() throws Exception {
        try (Cluster cluster = Cluster.start(1, "warm-jit", Map.of(
                "cachegate.catalog.warmup.enabled", "true",
                "cachegate.catalog.warmup.hot-set", "0",
                "cachegate.catalog.warmup.requests", "30"))) {
            HttpResponse<String> ready = readUntil(cluster.http(0), "/health/readiness", r -> r.statusCode() == 200,
                    20_000);

            assertThat(ready.statusCode()).isEqualTo(200);
            assertThat(cluster.http(0).get("/health").body()).contains("\"requests\":{\"of\":30,\"done\":30");
        }
    }
}
