package dev.cachegate.cache;

import dev.cachegate.catalog.Product;
import dev.cachegate.redis.RedisRole;
import dev.cachegate.testinfra.Cluster;
import dev.cachegate.testinfra.Products;
import dev.cachegate.testinfra.SharedInfrastructure;
import io.micronaut.core.type.Argument;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.util.Map;
import java.util.function.BooleanSupplier;

import static dev.cachegate.cache.CacheTesting.layer;
import static dev.cachegate.cache.CacheTesting.price;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The whole catalog in L2 ({@code cachegate.catalog.preload}): run once per cluster, a cold product is then an L2 hit
 * and not a database load, and a cache Redis that lost the preload gets it again. The preload's version fence is
 * {@code FencingIT}'s. Each test leaves L2 without the preload's entries, as the other tests expect it.
 */
class CatalogPreloadIT {

    private static final String MARKER = "cachegate:preload:products";
    private static final String LOADS = "cachegate.cache.loads";
    private static final String RUNS = "cachegate.catalog.preload.runs";
    private static final Map<String, String> PRELOAD = Map.of("cachegate.catalog.preload.enabled", "true",
            "cachegate.catalog.preload.check-interval", "200ms");

    private final RedisRole redis = SharedInfrastructure.appRedis();

    @BeforeEach
    void noPreloadYet() {
        redis.sync().del(MARKER, MARKER + ":lease");
    }

    @Test
    void oneInstanceOfTheClusterPreloadsAndAColdProductIsThenAnL2HitNotALoad() throws Exception {
        long id = Products.create(4_321);
        try (Cluster cluster = Cluster.start(2, "preload", PRELOAD)) {
            try {
                await(() -> cluster.counter(RUNS, "outcome", "done") >= 1, "a finished preload");
                double loads = cluster.counter(LOADS);

                HttpResponse<String> response = cluster.http(1).get("/products/" + id);

                assertThat(response.statusCode()).isEqualTo(200);
                assertThat(price(response)).isEqualTo(4_321);
                assertThat(layer(response)).isEqualTo("L2");
                assertThat(cluster.counter(LOADS) - loads).as("database loads").isZero();
                Thread.sleep(600);
                assertThat(cluster.counter(RUNS, "outcome", "done")).as("preloads across the cluster").isEqualTo(1);
                assertThat(cluster.counter("cachegate.catalog.preload.rows")).isGreaterThanOrEqualTo(
                        dev.cachegate.testinfra.UsesSharedServers.CATALOG_SIZE);
                assertThat(redis.sync().get(MARKER)).contains("rows read");
            } finally {
                evictEverything(cluster);
            }
        }
    }

    @Test
    void aCacheRedisThatLostThePreloadGetsItAgainWithinTheCheckInterval() throws Exception {
        try (Cluster cluster = Cluster.start(1, "repreload", PRELOAD)) {
            try {
                await(() -> cluster.counter(RUNS, "outcome", "done") >= 1, "the first preload");
                long id = Products.create(55);
                assertThat(redis.sync().exists("cachegate:cache:products:" + id)).isZero();

                redis.sync().del(MARKER);

                await(() -> cluster.counter(RUNS, "outcome", "done") >= 2, "a second preload");
                assertThat(redis.sync().hget("cachegate:cache:products:" + id, "v")).isEqualTo("1");
                double loads = cluster.counter(LOADS);
                assertThat(layer(cluster.http(0).get("/products/" + id))).isEqualTo("L2");
                assertThat(cluster.counter(LOADS) - loads).as("database loads").isZero();
            } finally {
                evictEverything(cluster);
            }
        }
    }

    private void evictEverything(Cluster cluster) {
        cluster.context(0).getBean(Argument.of(VersionedCache.class, Product.class)).evictAll();
        redis.sync().del(MARKER, MARKER + ":lease");
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no " + what + " within 30 s");
            }
            Thread.sleep(50);
        }
    }
}
