package dev.cachegate.routing;

import dev.cachegate.testinfra.Http;
import dev.cachegate.testinfra.SharedInfrastructure;
import dev.cachegate.testinfra.UsesSharedServers;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import static org.assertj.core.api.Assertions.assertThat;

@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReplicaStreamingIT implements UsesSharedServers {

    @Inject
    @Named(Databases.REPLICA)
    DataSource replica;

    @Inject
    @Named(Databases.PRIMARY)
    DataSource primary;

    @Inject
    EmbeddedServer server;

    @Override
    public Map<String, String> getProperties() {
        Map<String, String> properties = new HashMap<>(UsesSharedServers.super.getProperties());
        properties.put("cachegate.catalog.cache.strategy", "none");
        return properties;
    }

    @Test
    void replicaDatasourceIsAStreamingStandbyOfThePrimary() throws SQLException {
        try (Connection connection = replica.getConnection(); Statement statement = connection.createStatement();
             ResultSet row = statement.executeQuery("SELECT pg_is_in_recovery(), status FROM pg_stat_wal_receiver")) {
            assertThat(row.next()).as("the replica has a WAL receiver").isTrue();
            assertThat(row.getBoolean(1)).as("pg_is_in_recovery()").isTrue();
            assertThat(row.getString(2)).isEqualTo("streaming");
        }
        try (Connection connection = primary.getConnection(); Statement statement = connection.createStatement();
             ResultSet row = statement.executeQuery("SELECT pg_is_in_recovery()")) {
            row.next();
            assertThat(row.getBoolean(1)).as("the primary is not in recovery").isFalse();
        }
    }

    @Test
    void aPrimaryWriteAppearsOnTheReplica() throws Exception {
        long id = freshId();
        insertOnPrimary(id, 1234);

        assertThat(awaitOnReplica(id, Duration.ofSeconds(10))).as("product %d replicated", id).isTrue();
    }

    @Test
    void getProductReadsThroughTheReplicaWhenNotCached() throws Exception {
        Http http = new Http(server.getURI());
        long id = freshId();
        try (Connection standby = SharedInfrastructure.replica(); Statement control = standby.createStatement()) {
            control.execute("SELECT pg_wal_replay_pause()");
            try {
                insertOnPrimary(id, 4321);
                assertThat(http.get("/products/" + id).statusCode())
                        .as("the row is committed on the primary but not replayed on the paused replica")
                        .isEqualTo(404);
            } finally {
                control.execute("SELECT pg_wal_replay_resume()");
            }
        }
        assertThat(awaitOnReplica(id, Duration.ofSeconds(10))).isTrue();
        assertThat(http.get("/products/" + id).body()).contains("\"priceCents\":4321");
    }

    private static long freshId() {
        return 1_000_000_000L + ThreadLocalRandom.current().nextLong(1_000_000_000L);
    }

    private static void insertOnPrimary(long id, long priceCents) throws SQLException {
        try (Connection connection = SharedInfrastructure.primary(); PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO products (id, sku, name, description, price_cents, currency) VALUES (?, ?, ?, ?, ?, 'USD')")) {
            insert.setLong(1, id);
            insert.setString(2, "SKU-REPLICA-" + id);
            insert.setString(3, "Replication probe " + id);
            insert.setString(4, "Written on the primary by ReplicaStreamingIT");
            insert.setLong(5, priceCents);
            insert.executeUpdate();
        }
    }

    private static boolean awaitOnReplica(long id, Duration timeout) throws SQLException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        try (Connection connection = SharedInfrastructure.replica();
             PreparedStatement query = connection.prepareStatement("SELECT 1 FROM products WHERE id = ?")) {
            query.setLong(1, id);
            while (System.nanoTime() < deadline) {
                try (ResultSet row = query.executeQuery()) {
                    if (row.next()) {
                        return true;
                    }
                }
                Thread.sleep(10);
            }
        }
        return false;
    }
}
