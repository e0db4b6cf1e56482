package dev.cachegate.catalog;

import dev.cachegate.catalogdata.CatalogGenerator;
import dev.cachegate.catalogdata.GeneratedProduct;
import dev.cachegate.testinfra.Http;
import dev.cachegate.testinfra.UsesSharedServers;
import io.micronaut.json.JsonMapper;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ProductApiIT implements UsesSharedServers {

    @Inject
    EmbeddedServer server;

    @Inject
    JsonMapper json;

    Http http;

    @BeforeAll
    void client() {
        http = new Http(server.getURI());
    }

    @Test
    void servesTheGeneratedProductAsTheDocumentedJson() throws IOException {
        GeneratedProduct expected = new CatalogGenerator().product(42);

        HttpResponse<String> response = http.get("/products/42");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/json"));
        Map<String, Object> body = map(response);
        assertThat(body).containsOnlyKeys("id", "sku", "name", "description", "priceCents", "currency", "version",
                "updatedAt");
        assertThat(body).containsEntry("id", 42).containsEntry("sku", "SKU-00000042")
                .containsEntry("name", expected.name()).containsEntry("description", expected.description())
                .containsEntry("priceCents", (int) expected.priceCents()).containsEntry("currency", "USD")
                .containsEntry("version", 1);
        assertThat((String) body.get("updatedAt")).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d+)?Z");
    }

    @ParameterizedTest
    @ValueSource(strings = {"abc", "0", "-1", "%2B5", "007", "1.5", "9223372036854775808", "99999999999999999999"})
    void rejectsIdsThatAreNotCanonicalPositiveLongsAsProblem(String id) throws IOException {
        HttpResponse<String> response = http.get("/products/" + id);

        assertProblem(response, 400, "invalid-product-id");
        assertThat((String) map(response).get("detail"))
                .contains("'" + java.net.URLDecoder.decode(id, StandardCharsets.UTF_8) + "'");
    }

    @Test
    void answersAWellFormedIdWithoutProductWith404Problem() throws IOException {
        HttpResponse<String> response = http.get("/products/9223372036854775807");

        assertProblem(response, 404, "product-not-found");
        assertThat(map(response)).containsEntry("instance", "/products/9223372036854775807");
        assertThat(response.headers().allValues("Cache-Control")).as("shared caches may keep it as long as a product")
                .containsExactly("public, max-age=0, s-maxage=5");
    }

    @Test
    void pagesThroughTheCatalogInIdOrderWithOpaqueCursors() throws IOException {
        List<Long> ids = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            HttpResponse<String> response = http.get("/products?limit=100"
                    + (cursor == null ? "" : "&cursor=" + URLEncoder.encode(cursor, StandardCharsets.UTF_8)));
            assertThat(response.statusCode()).isEqualTo(200);
            Map<String, Object> page = map(response);
            assertThat(page).containsKeys("items", "nextCursor");
            for (Object item : (List<?>) page.get("items")) {
                ids.add(((Number) ((Map<?, ?>) item).get("id")).longValue());
            }
            cursor = (String) page.get("nextCursor");
            pages++;
        } while (cursor != null && pages < 100);

        assertThat(ids).isSorted().doesNotHaveDuplicates();
        assertThat(ids).startsWith(1L, 2L, 3L).contains(CATALOG_SIZE);
        assertThat(pages).isGreaterThanOrEqualTo((int) (CATALOG_SIZE / 100));
    }

    @Test
    void capsTheLimitAndDefaultsIt() throws IOException {
        assertThat((List<?>) map(http.get("/products?limit=100000")).get("items")).hasSize(100);
        assertThat((List<?>) map(http.get("/products")).get("items")).hasSize(20);
        assertThat((List<?>) map(http.get("/products?limit=3")).get("items")).hasSize(3);
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "-5", "ten", "1e3"})
    void rejectsABadLimit(String limit) throws IOException {
        assertProblem(http.get("/products?limit=" + limit), 400, "invalid-parameter");
    }

    @Test
    void rejectsATamperedCursor() throws IOException {
        String cursor = (String) map(http.get("/products?limit=2")).get("nextCursor");
        char last = cursor.charAt(cursor.length() - 1);
        String tampered = cursor.substring(0, cursor.length() - 1) + (last == 'A' ? 'B' : 'A');

        assertProblem(http.get("/products?cursor=" + tampered), 400, "invalid-cursor");
        assertProblem(http.get("/products?cursor=not-a-cursor"), 400, "invalid-cursor");
    }

    @Test
    void answersUnknownRoutesAndMethodsAsProblems() throws IOException {
        assertProblem(http.get("/no-such-thing"), 404, "not-found");
        HttpResponse<String> post = Http.send(java.net.http.HttpRequest.newBuilder(server.getURI().resolve("/products/1"))
                .DELETE().build());
        assertThat(post.statusCode()).isEqualTo(405);
        assertThat(post.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    }

    private void assertProblem(HttpResponse<String> response, int status, String slug) throws IOException {
        assertThat(response.statusCode()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        Map<String, Object> problem = map(response);
        assertThat(problem).containsEntry("type", "https://cachegate.dev/problems/" + slug)
                .containsEntry("status", status)
                .containsKeys("title", "detail", "requestId");
        assertThat(response.body()).doesNotContain("Exception").doesNotContain("\tat ");
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> map(HttpResponse<String> response) throws IOException {
        return json.readValue(response.body(), Map.class);
    }
}
