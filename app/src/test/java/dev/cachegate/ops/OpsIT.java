package dev.cachegate.ops;

import dev.cachegate.testinfra.Http;
import dev.cachegate.testinfra.RedisCluster;
import dev.cachegate.testinfra.SharedInfrastructure;
import dev.cachegate.testinfra.UsesSharedServers;
import io.micronaut.json.JsonMapper;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OpsIT implements UsesSharedServers {

    @Inject
    EmbeddedServer server;

    @Inject
    JsonMapper json;

    Http http;

    @Override
    public Map<String, String> getProperties() {
        Map<String, String> properties = new HashMap<>(UsesSharedServers.super.getProperties());
        properties.put("cachegate.instance-id", "ops-it");
        properties.put("cachegate.stats.key", "cachegate:stats:ops-it");
        return properties;
    }

    @BeforeAll
    void client() {
        http = new Http(server.getURI());
    }

    @Test
    void whoamiNamesTheConfiguredInstance() throws IOException {
        HttpResponse<String> response = http.get("/whoami");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(map(response)).containsExactly(Map.entry("instanceId", "ops-it"));
        assertThat(response.headers().firstValue("Cache-Control")).hasValue("no-store");
    }

    @Test
    @SuppressWarnings("unchecked")
    void healthShowsRedisPrimaryAndReplicaWithDetailsToAnonymousCallers() throws IOException {
        HttpResponse<String> response = http.get("/health");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Cache-Control")).hasValue("no-store");
        Map<String, Object> health = map(response);
        assertThat(health).containsEntry("status", "UP");
        Map<String, Object> components = (Map<String, Object>) health.get("details");
        assertThat(components).containsKeys("redis", "primary", "replica");
        for (String component : List.of("redis", "primary", "replica")) {
            assertThat((Map<String, Object>) components.get(component)).containsEntry("status", "UP");
        }
        Map<String, Object> replica = (Map<String, Object>) ((Map<String, Object>) components.get("replica")).get("details");
        assertThat(replica).containsEntry("inRecovery", true).containsKeys("receiveLsn", "replayLsn");
        assertThat(http.get("/health/liveness").statusCode()).isEqualTo(200);
        assertThat(http.get("/health/readiness").statusCode()).isEqualTo(200);
    }

    @Test
    @SuppressWarnings("unchecked")
    void livenessLooksOnlyInsideTheJvm() throws IOException {
        Map<String, Object> liveness = map(http.get("/health/liveness"));

        assertThat(liveness).containsEntry("status", "UP");
        assertThat(((Map<String, Object>) liveness.get("details")).keySet())
                .as("no database or Redis component: an outage must not restart a healthy process")
                .containsExactly("deadlockedThreads");
    }

    @Test
    void prometheusExposesPerRouteLatencyHistogramsWithTheSloBucket() {
        http.get("/products/1");

        HttpResponse<String> response = http.get("/prometheus");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Cache-Control")).hasValue("no-store");
        assertThat(response.body()).containsPattern(
                "http_server_requests_seconds_bucket\\{[^}]*uri=\"/products/\\{id}\"[^}]*le=\"0\\.05\"");
    }

    @Test
    @SuppressWarnings("unchecked")
    void statsListsTheLastTenRequestsNewestFirstWithoutHealthOrScrapes() throws IOException {
        for (int i = 1; i <= 12; i++) {
            http.get("/products/" + i);
        }
        http.get("/health");
        http.get("/prometheus");
        http.get("/products/13");

        List<Map<String, Object>> recent = (List<Map<String, Object>>) map(http.get("/stats")).get("recent");

        assertThat(recent).hasSize(10);
        assertThat(recent).extracting(entry -> entry.get("path")).doesNotContain("/health", "/prometheus")
                .containsExactly("/products/13", "/products/12", "/products/11", "/products/10", "/products/9",
                        "/products/8", "/products/7", "/products/6", "/products/5", "/products/4");
        assertThat(recent.get(0)).containsEntry("instanceId", "ops-it").containsEntry("method", "GET")
                .containsEntry("status", 200).containsKey("at");
        HttpResponse<String> stats = http.get("/stats");
        assertThat(stats.headers().firstValue("Cache-Control")).hasValue("no-store");
        assertThat((List<Map<String, Object>>) map(stats).get("recent")).first()
                .satisfies(entry -> assertThat(entry).containsEntry("path", "/stats"));
    }

    @Test
    void prometheusShowsHowFullTheStateRedisIsAgainstItsMaxmemory() {
        java.util.function.Consumer<String> maxmemory = RedisCluster.selected()
                ? value -> RedisCluster.shared().configSetEverywhere("maxmemory", value)
                : value -> SharedInfrastructure.redis().sync().configSet("maxmemory", value);
        maxmemory.accept("1gb");
        try {
            Matcher ratio = Pattern.compile("cachegate_redis_memory_used_ratio\\{role=\"state\",?} ([0-9.eE-]+)")
                    .matcher(http.get("/prometheus").body());
            assertThat(ratio.find()).isTrue();
            assertThat(Double.parseDouble(ratio.group(1))).isStrictlyBetween(0.0, 1.0);
        } finally {
            maxmemory.accept("0");
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void statsShowsAPaymentByItsRouteNeverItsId() throws IOException {
        http.get("/payments/pay_ops_it_secret_0042?card=4242");

        HttpResponse<String> stats = http.get("/stats");
        List<Map<String, Object>> recent = (List<Map<String, Object>>) map(stats).get("recent");
        assertThat(recent).extracting(entry -> entry.get("path")).contains("/payments/{id}");
        assertThat(stats.body()).doesNotContain("pay_ops_it_secret_0042").doesNotContain("4242");
    }

    @Test
    void keepsASaneRequestIdAndReplacesAnInsaneOne() {
        assertThat(http.get("/whoami", "X-Request-Id", "abc-123").headers().firstValue("X-Request-Id"))
                .hasValue("abc-123");
        assertThat(http.get("/whoami", "X-Request-Id", "bad id; <script>").headers().firstValue("X-Request-Id"))
                .hasValueSatisfying(id -> assertThat(id).matches("[0-9a-f]{32}"));
        assertThat(http.get("/whoami").headers().firstValue("X-Request-Id"))
                .hasValueSatisfying(id -> assertThat(id).matches("[0-9a-f]{32}"));
        assertThat(http.get("/products/abc").headers().firstValue("X-Request-Id")).isPresent();
    }

    @Test
    void servesTheOpenApiDocumentAndSwaggerUi() {
        HttpResponse<String> spec = http.get("/swagger/cachegate-0.1.yml");

        assertThat(spec.statusCode()).isEqualTo(200);
        assertThat(spec.body()).contains("/products/{id}", "/whoami", "/stats");
        assertThat(http.get("/swagger-ui/index.html").statusCode()).isEqualTo(200);
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> map(HttpResponse<String> response) throws IOException {
        return json.readValue(response.body(), Map.class);
    }
}
