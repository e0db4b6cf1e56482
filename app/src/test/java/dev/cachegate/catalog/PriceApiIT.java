package dev.cachegate.catalog;

import dev.cachegate.testinfra.Http;
import dev.cachegate.testinfra.Products;
import dev.cachegate.testinfra.UsesSharedServers;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.http.HttpResponse;

import static org.assertj.core.api.Assertions.assertThat;

@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PriceApiIT implements UsesSharedServers {

    private static final String[] ADMIN = {"Authorization", "Bearer " + ADMIN_TOKEN};

    @Inject
    EmbeddedServer server;

    Http http;

    @BeforeAll
    void client() {
        http = new Http(server.getURI());
    }

    @Test
    void productResponsesCarryCacheControlETagAndLayer() throws Exception {
        long id = Products.create(1234);
        HttpResponse<String> first = http.get("/products/" + id);

        assertThat(first.headers().firstValue("Cache-Control"))
                .hasValue("public, max-age=5, s-maxage=5, stale-while-revalidate=5, stale-if-error=5");
        assertThat(first.headers().firstValue("ETag")).hasValue("\"1\"");
        assertThat(first.headers().firstValue("X-Cache")).hasValue("MISS");
        HttpResponse<String> notModified = http.get("/products/" + id, "If-None-Match", "\"1\"");
        assertThat(notModified.statusCode()).isEqualTo(304);
        assertThat(notModified.body()).isEmpty();
        assertThat(notModified.headers().firstValue("ETag")).hasValue("\"1\"");
        assertThat(http.get("/products/" + id, "If-None-Match", "\"0\"").statusCode()).isEqualTo(200);
    }

    @Test
    void aPriceUpdateAnswersTheNewProductAndIsNotCacheable() throws Exception {
        long id = Products.create(1000);

        HttpResponse<String> response = http.put("/products/" + id + "/price",
                "{\"priceCents\": 2599, \"currency\": \"EUR\"}", ADMIN);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("\"priceCents\":2599", "\"currency\":\"EUR\"", "\"version\":2");
        assertThat(response.headers().firstValue("ETag")).hasValue("\"2\"");
        assertThat(response.headers().firstValue("Cache-Control")).hasValue("no-store");
        assertThat(http.get("/products/" + id).body()).contains("\"priceCents\":2599");
    }

    @Test
    void ifMatchGivesOptimisticConcurrency() throws Exception {
        long id = Products.create(1000);
        String body = "{\"priceCents\": 1100, \"currency\": \"USD\"}";

        assertThat(http.put("/products/" + id + "/price", body, "If-Match", "\"1\"", ADMIN[0], ADMIN[1]).statusCode())
                .isEqualTo(200);
        HttpResponse<String> stale = http.put("/products/" + id + "/price", body, "If-Match", "\"1\"", ADMIN[0],
                ADMIN[1]);
        assertProblem(stale, 412, "precondition-failed");
        assertThat(stale.body()).contains("\\\"2\\\"");
        assertThat(http.put("/products/" + id + "/price", body, "If-Match", "*", ADMIN[0], ADMIN[1]).statusCode())
                .isEqualTo(200);
    }

    @Test
    void priceUpdatesNeedTheAdminToken() throws Exception {
        long id = Products.create(1000);
        String body = "{\"priceCents\": 1100, \"currency\": \"USD\"}";

        HttpResponse<String> anonymous = http.put("/products/" + id + "/price", body);
        assertProblem(anonymous, 401, "unauthorized");
        assertThat(anonymous.headers().firstValue("WWW-Authenticate")).isPresent();
        assertProblem(http.put("/products/" + id + "/price", body, "Authorization", "Bearer not-the-token"), 403,
                "forbidden");
        assertProblem(http.put("/products/" + id + "/price", body, "Authorization", "Basic eDp5"), 401,
                "unauthorized");
    }

    @Test
    void anUnknownProductIs404() {
        assertProblem(http.put("/products/9223372036854775807/price", "{\"priceCents\": 1, \"currency\": \"USD\"}",
                ADMIN), 404, "product-not-found");
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"priceCents\": -1, \"currency\": \"USD\"}", "{\"priceCents\": 100, \"currency\": \"usd\"}",
            "{\"priceCents\": 100, \"currency\": \"XYZ\"}", "{\"currency\": \"USD\"}", "{\"priceCents\": 100}",
            "{\"priceCents\": 1000000000000, \"currency\": \"USD\"}"})
    void unacceptableValuesAre422(String body) {
        assertProblem(http.put("/products/1/price", body, ADMIN), 422, "invalid-price");
    }

    @Test
    void malformedJsonIs400() {
        assertProblem(http.put("/products/1/price", "{\"priceCents\": ", ADMIN), 400, "bad-request");
        assertProblem(http.put("/products/1/price", "{\"priceCents\": \"ten\", \"currency\": \"USD\"}", ADMIN), 400,
                "bad-request");
    }

    private static void assertProblem(HttpResponse<String> response, int status, String slug) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(response.body()).contains("\"type\":\"https://cachegate.dev/problems/" + slug + "\"")
                .doesNotContain("Exception");
    }
}
