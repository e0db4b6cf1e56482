package dev.cachegate.cache;

import dev.cachegate.cache.internal.L2Fixture;
import dev.cachegate.testinfra.Cluster;
import dev.cachegate.testinfra.Http;
import dev.cachegate.testinfra.Products;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import static dev.cachegate.cache.CacheTesting.layer;
import static dev.cachegate.cache.CacheTesting.price;
import static dev.cachegate.cache.CacheTesting.readUntil;
import static dev.cachegate.cache.CacheTesting.setPrice;
import static org.assertj.core.api.Assertions.assertThat;

/** Each strategy's observable behaviour after a price update, on two or three instances sharing Redis and Postgres. */
class CacheStrategiesIT {

    private static final String LOADS = "cachegate.cache.loads";

    @Test
    void cacheAsideReadsPopulateAndTheNextReadAfterAnUpdateIsADatabaseLoad() throws Exception {
        long id = Products.create(1000);
        String path = "/products/" + id;
        try (Cluster cluster = Cluster.start(2, "aside", Map.of("cachegate.catalog.cache.strategy", "cache-aside"))) {
            Http one = cluster.http(0);
            Http two = cluster.http(1);
            assertThat(layer(one.get(path))).isEqualTo("MISS");
            assertThat(layer(one.get(path))).isEqualTo("L1");
            assertThat(layer(two.get(path))).isEqualTo("L2");
            assertThat(layer(two.get(path))).isEqualTo("L1");

            setPrice(one, id, 1100);
            double loadsBefore = cluster.counter(LOADS);
            HttpResponse<String> after = two.get(path);

            assertThat(layer(after)).isEqualTo("MISS");
            assertThat(price(after)).isEqualTo(1100);
            assertThat(cluster.counter(LOADS) - loadsBefore).isEqualTo(1);
            assertThat(layer(one.get(path))).isEqualTo("L2");
        }
    }

    @Test
    void writeThroughPutsTheNewValueInL2SoTheNextReadAnywhereIsAnL2Hit() throws Exception {
        long id = Products.create(2000);
        String path = "/products/" + id;
        try (Cluster cluster = Cluster.start(2, "through", Map.of("cachegate.catalog.cache.strategy", "write-through"))) {
            Http one = cluster.http(0);
            Http two = cluster.http(1);
            one.get(path);
            two.get(path);
            assertThat(layer(two.get(path))).isEqualTo("L1");

            setPrice(one, id, 2200);
            double loadsBefore = cluster.counter(LOADS);

            HttpResponse<String> onTwo = readUntil(two, path, r -> price(r) == 2200, 1000);
            assertThat(price(onTwo)).isEqualTo(2200);
            assertThat(layer(onTwo)).isEqualTo("L2");
            HttpResponse<String> onOne = one.get(path);
            assertThat(layer(onOne)).isEqualTo("L1");
            assertThat(price(onOne)).isEqualTo(2200);
            assertThat(cluster.counter(LOADS) - loadsBefore).isZero();
        }
    }

    @Test
    void refreshAheadServesTheOldValueAtOnceAndReloadsExactlyOnceClusterWide() throws Exception {
        long id = Products.create(3000);
        String path = "/products/" + id;
        var redis = dev.cachegate.testinfra.SharedInfrastructure.appRedis();
        try (Cluster cluster = Cluster.start(3, "ahead", Map.of("cachegate.catalog.cache.strategy", "refresh-ahead"))) {
            assertThat(layer(cluster.http(0).get(path))).isEqualTo("MISS");
            Products.changePriceDirectly(id, 3300);
            Products.awaitOnReplica(id, 2, java.time.Duration.ofSeconds(10));
            L2Fixture.makeDueForRefresh(redis.sync(), "products", id);
            double loadsBefore = cluster.counter(LOADS);

            List<CompletableFuture<HttpResponse<String>>> reads = new ArrayList<>();
            try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
                for (int i = 0; i < 30; i++) {
                    Http instance = cluster.http(1 + i % 2);
                    reads.add(CompletableFuture.supplyAsync(() -> instance.get(path), pool));
                }
                for (CompletableFuture<HttpResponse<String>> read : reads) {
                    HttpResponse<String> response = read.join();
                    assertThat(response.statusCode()).isEqualTo(200);
                    assertThat(layer(response)).isIn("L1", "L2");
                }
            }
            assertThat(reads).anySatisfy(read -> assertThat(price(read.join())).isEqualTo(3000));

            HttpResponse<String> refreshed = readUntil(cluster.http(1), path, r -> price(r) == 3300, 5000);
            assertThat(price(refreshed)).as("the background reload brought the new price").isEqualTo(3300);
            assertThat(cluster.counter(LOADS) - loadsBefore).as("reloads across the cluster").isEqualTo(1);
        }
    }
}
