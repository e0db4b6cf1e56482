package dev.cachegate.routing;

import dev.cachegate.embedded.EmbeddedServers;
import dev.cachegate.testinfra.Browser;
import dev.cachegate.testinfra.Cluster;
import dev.cachegate.testinfra.Http;
import io.micronaut.runtime.server.EmbeddedServer;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A database stopped under running instances. These tests stop servers, so each gets its own embedded Redis, primary
 * and replica rather than the shared ones.
 */
class DatabaseOutageIT {

    private static final String ADMIN = "Bearer outage-admin-token-0123";

    @Test
    void withTheReplicaStoppedReadsAre200FromThePrimaryAndTheInstanceStaysUp() throws Exception {
        try (EmbeddedServers servers = EmbeddedServers.start(); Cluster cluster = cluster(servers)) {
            Http http = cluster.http(0);
            Browser user = new Browser();
            user.login(uri(cluster), "replica-outage");
            assertThat(http.get("/products/1").statusCode()).isEqualTo(200);

            stop(servers.dataRoot().resolve("replica"));

            assertThat(http.get("/products/2").statusCode()).as("an uncached product, from the primary").isEqualTo(200);
            assertThat(http.get("/products?limit=5").statusCode()).isEqualTo(200);
            assertThat(user.send(uri(cluster), "PUT", "/me/profile", "{\"displayName\": \"still here\"}").statusCode())
                    .isEqualTo(200);
            assertThat(user.send(uri(cluster), "GET", "/me/profile", null).body()).contains("still here");
            HttpResponse<String> health = http.get("/health");
            assertThat(health.statusCode()).isEqualTo(200);
            assertThat(health.body()).contains("\"status\":\"UP\"").contains("reads go to the primary");
            assertThat(Cluster.counter(cluster.context(0), "cachegate.db.reads", "target", "primary"))
                    .isGreaterThan(0);
        }
    }

    @Test
    void withThePrimaryStoppedWritesAre503ProblemsWhileProductReadsKeepWorking() throws Exception {
        try (EmbeddedServers servers = EmbeddedServers.start(); Cluster cluster = cluster(servers)) {
            Http http = cluster.http(0);
            assertThat(http.get("/products/1").statusCode()).isEqualTo(200);

            stop(servers.dataRoot().resolve("primary"));

            HttpResponse<String> write = http.put("/products/1/price", "{\"priceCents\": 100, \"currency\": \"USD\"}",
                    "Authorization", ADMIN);
            assertThat(write.statusCode()).isEqualTo(503);
            assertThat(write.headers().firstValue("Content-Type")).hasValue("application/problem+json");
            assertThat(write.body()).contains("dependency-unavailable").contains("postgres-primary");
            assertThat(http.get("/products/1").statusCode()).as("cached").isEqualTo(200);
            assertThat(http.get("/products/3").statusCode()).as("uncached, from the replica").isEqualTo(200);
            assertThat(http.get("/health").statusCode()).isEqualTo(200);
        }
    }

    private static Cluster cluster(EmbeddedServers servers) {
        Map<String, String> properties = new HashMap<>();
        servers.properties().forEach((key, value) -> properties.put(key, String.valueOf(value)));
        properties.put("cachegate.catalog.seed-products", "100");
        properties.put("cachegate.admin-token", ADMIN.substring("Bearer ".length()));
        properties.put("datasources.primary.connection-timeout", "500");
        properties.put("datasources.replica.connection-timeout", "500");
        return Cluster.start(1, "outage", properties);
    }

    /** Fast shutdown of one embedded PostgreSQL (SIGINT to its postmaster), as an operator or a crash would. */
    private static void stop(Path dataDirectory) throws IOException, InterruptedException {
        List<ProcessHandle> postmasters = ProcessHandle.allProcesses()
                .filter(p -> p.info().commandLine().map(c -> c.contains("/bin/postgres")
                        && c.contains("-D " + dataDirectory + " ")).orElse(false))
                .toList();
        assertThat(postmasters).as("the postmaster of %s", dataDirectory).hasSize(1);
        new ProcessBuilder("kill", "-INT", Long.toString(postmasters.get(0).pid())).inheritIO().start().waitFor();
        postmasters.get(0).onExit().join();
    }

    private static URI uri(Cluster cluster) {
        return cluster.context(0).getBean(EmbeddedServer.class).getURI();
    }
}
