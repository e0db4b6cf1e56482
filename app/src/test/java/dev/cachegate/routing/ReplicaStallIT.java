package dev.cachegate.routing;

import dev.cachegate.testinfra.Http;
import dev.cachegate.testinfra.Products;
import dev.cachegate.testinfra.SharedInfrastructure;
import dev.cachegate.testinfra.UsesSharedServers;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A replica whose WAL receiver has stopped reports no lag of its own (receive = replay), yet falls further behind
 * every second. Measured against the primary's heartbeat, it stops serving reads within max-replica-lag plus one
 * heartbeat and one poll, says so in {@code /health} and the lag metric, and serves again once it streams.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReplicaStallIT implements UsesSharedServers {

    private static final Duration MAX_LAG = Duration.ofSeconds(2);
    private static final Duration HEARTBEAT = Duration.ofMillis(200);

    @Inject
    @Named(Databases.REPLICA)
    ReplicaTracker tracker;

    @Inject
    MeterRegistry meters;

    @Inject
    EmbeddedServer server;

    @Override
    public Map<String, String> getProperties() {
        Map<String, String> properties = new HashMap<>(UsesSharedServers.super.getProperties());
        properties.put("cachegate.routing.max-replica-lag", MAX_LAG.toMillis() + "ms");
        properties.put("cachegate.routing.heartbeat-interval", HEARTBEAT.toMillis() + "ms");
        return properties;
    }

    @Test
    void aStalledReplicaStopsServingWithinTheBoundAndSaysSo() throws Exception {
        long id = Products.create(100);
        Http http = new Http(server.getURI());
        http.get("/products/" + id);
        await(() -> tracker.lagSeconds() < MAX_LAG.toSeconds() / 2.0, Duration.ofSeconds(10), "streaming, fresh");
        assertThat(replicaHealth()).contains("\"servesReads\":true");
        String conninfo = standbyConninfo();
        try {
            setConninfo("");
            long stalled = System.nanoTime();
            await(() -> tracker.lagSeconds() * 1000 > MAX_LAG.toMillis(), Duration.ofSeconds(15), "seen as stale");
            Duration noticed = Duration.ofNanos(System.nanoTime() - stalled);
            assertThat(noticed).as("the bound: max-replica-lag + heartbeat + poll, with scheduling slack")
                    .isLessThan(MAX_LAG.plus(HEARTBEAT).plus(Duration.ofSeconds(2)));
            assertThat(meters.get("cachegate.replica.lag.seconds").gauge().value())
                    .isGreaterThan(MAX_LAG.toSeconds());
            assertThat(replicaHealth()).contains("\"servesReads\":false").contains("reads go to the primary");

            HttpResponse<String> update = http.put("/products/" + id + "/price",
                    "{\"priceCents\": 150, \"currency\": \"USD\"}", "Authorization", "Bearer " + ADMIN_TOKEN);
            assertThat(update.statusCode()).as(update.body()).isEqualTo(200);
            assertThat(http.get("/products/" + id).body()).as("a price changed during the stall is served at once")
                    .contains("\"priceCents\":150");
        } finally {
            setConninfo(conninfo);
        }
        await(() -> tracker.lagSeconds() * 1000 < MAX_LAG.toMillis(), Duration.ofSeconds(20), "streaming again");
        assertThat(replicaHealth()).contains("\"servesReads\":true");
    }

    private String replicaHealth() throws Exception {
        HttpResponse<String> health = new Http(server.getURI()).get("/health");
        return health.body();
    }

    private static String standbyConninfo() throws SQLException {
        try (Connection replica = SharedInfrastructure.replica(); Statement statement = replica.createStatement();
             ResultSet row = statement.executeQuery("SHOW primary_conninfo")) {
            row.next();
            return row.getString(1);
        }
    }

    private static void setConninfo(String conninfo) throws SQLException {
        try (Connection replica = SharedInfrastructure.replica(); Statement statement = replica.createStatement()) {
            statement.execute("ALTER SYSTEM SET primary_conninfo = '" + conninfo.replace("'", "''") + "'");
            statement.execute("SELECT pg_reload_conf()");
        }
    }

    private interface Condition {
        boolean holds() throws Exception;
    }

    private static void await(Condition condition, Duration timeout, String what) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.holds()) {
            assertThat(System.nanoTime()).as("replica " + what + " within " + timeout).isLessThan(deadline);
            Thread.sleep(20);
        }
    }
}
