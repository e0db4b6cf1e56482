package dev.cachegate.routing;

import dev.cachegate.testinfra.Http;
import dev.cachegate.testinfra.Products;
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
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

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
        long id = Products.insert(1234);

        Products.awaitOnReplica(id, 1, Duration.ofSeconds(10));
    }

    @Test
    void getProductReadsThroughTheReplicaWhenNotCached() throws Exception {
        Http http = new Http(server.getURI());
        long id;
        try (Connection standby = SharedInfrastructure.replica(); Statement control = standby.createStatement()) {
            control.execute("SELECT pg_wal_replay_pause()");
            try {
                id = Products.insert(4321);
                assertThat(http.get("/products/" + id).statusCode())
                        .as("the row is committed on the primary but not replayed on the paused replica")
                        .isEqualTo(404);
            } finally {
                control.execute("SELECT pg_wal_replay_resume()");
            }
        }
        Products.awaitOnReplica(id, 1, Duration.ofSeconds(10));
        assertThat(http.get("/products/" + id).body()).contains("\"priceCents\":4321");
    }
}
