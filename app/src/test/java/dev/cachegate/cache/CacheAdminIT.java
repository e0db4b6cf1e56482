package dev.cachegate.cache;

import dev.cachegate.testinfra.Cluster;
import dev.cachegate.testinfra.Http;
import dev.cachegate.testinfra.Products;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;

import static dev.cachegate.cache.CacheTesting.ADMIN;
import static dev.cachegate.cache.CacheTesting.layer;
import static dev.cachegate.cache.CacheTesting.readUntil;
import static org.assertj.core.api.Assertions.assertThat;

/** The operator's cache controls. */
class CacheAdminIT {

    @Test
    void evictingAProductDropsItFromL2AndFromL1OnEveryInstance() throws Exception {
        long id = Products.create(1);
        String path = "/products/" + id;
        try (Cluster cluster = Cluster.start(2, "evict", Map.of())) {
            cluster.http(0).get(path);
            cluster.http(1).get(path);
            assertThat(layer(cluster.http(1).get(path))).isEqualTo("L1");

            assertThat(delete(cluster, 0, "/admin/cache/products/" + id).statusCode()).isEqualTo(204);

            assertThat(layer(readUntil(cluster.http(1), path, r -> !"L1".equals(layer(r)), 1000))).isEqualTo("MISS");
        }
    }

    @Test
    void evictingEverythingEmptiesBothLayers() throws Exception {
        long id = Products.create(1);
        String path = "/products/" + id;
        try (Cluster cluster = Cluster.start(2, "evictall", Map.of())) {
            cluster.http(0).get(path);
            cluster.http(1).get(path);

            assertThat(delete(cluster, 1, "/admin/cache/products").statusCode()).isEqualTo(204);

            assertThat(layer(readUntil(cluster.http(0), path, r -> !"L1".equals(layer(r)), 1000))).isEqualTo("MISS");
        }
    }

    @Test
    void faultInjectionExistsOnlyWhereEnabledAndRejectsBadValuesWithAProblem() {
        try (Cluster plain = Cluster.start(1, "no-faults", Map.of());
             Cluster drills = Cluster.start(1, "faults", Map.of("cachegate.faults.enabled", "true"))) {
            assertThat(plain.http(0).put("/admin/faults", "{\"pauseSeconds\": 1}", ADMIN).statusCode())
                    .as("off by default").isEqualTo(404);
            assertThat(drills.http(0).put("/admin/faults", "{\"pauseSeconds\": 1}").statusCode())
                    .as("without the admin token").isEqualTo(401);
            HttpResponse<String> bad = drills.http(0).put("/admin/faults", "{\"invalidationDropRate\": 1.5}", ADMIN);
            assertThat(bad.statusCode()).isEqualTo(400);
            assertThat(bad.headers().firstValue("Content-Type")).hasValueSatisfying(type ->
                    assertThat(type).startsWith("application/problem+json"));
            assertThat(bad.body()).contains("invalidationDropRate must be between 0 and 1 but was 1.5");
            HttpResponse<String> set = drills.http(0).put("/admin/faults", "{\"invalidationDropRate\": 0.1}", ADMIN);
            assertThat(set.body()).contains("\"invalidationDropRate\":0.1");
        }
    }

    @Test
    void inspectShowsWhatEachLayerHolds() throws Exception {
        long id = Products.create(1);
        try (Cluster cluster = Cluster.start(1, "inspect", Map.of())) {
            Http http = cluster.http(0);
            http.get("/products/" + id);

            HttpResponse<String> view = http.get("/admin/cache/products/" + id, ADMIN);

            assertThat(view.statusCode()).isEqualTo(200);
            assertThat(view.body()).contains("\"strategy\":\"CacheAsideCache\"", "\"l1\":{\"present\":true",
                    "\"version\":1", "remainingTtlMs", "expectedRefreshInMs", "\"l2\":{\"present\":true");
            assertThat(http.get("/admin/cache/products/" + id).statusCode()).isEqualTo(401);
        }
    }

    private static HttpResponse<String> delete(Cluster cluster, int instance, String path) {
        URI base = URI.create(cluster.context(instance).getBean(io.micronaut.runtime.server.EmbeddedServer.class)
                .getURI().toString());
        return Http.send(HttpRequest.newBuilder(base.resolve(path)).header(ADMIN[0], ADMIN[1]).DELETE().build());
    }
}
