package dev.cachegate.cache;

import dev.cachegate.testinfra.Cluster;
import dev.cachegate.testinfra.Products;
import dev.cachegate.testinfra.Replica;
import dev.cachegate.testinfra.SharedInfrastructure;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Map;

import static dev.cachegate.cache.CacheTesting.price;
import static dev.cachegate.cache.CacheTesting.readUntil;
import static dev.cachegate.cache.CacheTesting.setPrice;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The classic stale fill: after a write, a cache load served by a replica that has not replayed the write would put
 * the old price back. With the replica held 2 s behind, every strategy must serve the new price on every instance
 * within 1 s and never revert.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReplicaLagIT {

    @BeforeAll
    void delayReplica() throws SQLException {
        Replica.delay("2s");
    }

    @AfterAll
    void undelayReplica() throws SQLException {
        Replica.delay(null);
    }

    @ParameterizedTest
    @ValueSource(strings = {"cache-aside", "write-through", "refresh-ahead"})
    void aPriceUpdateIsServedEverywhereWithinOneSecondAndNeverReverts(String strategy) throws Exception {
        long id = Products.create(100);
        String path = "/products/" + id;
        try (Cluster cluster = Cluster.start(3, "lag-" + strategy, Map.of("cachegate.catalog.cache.strategy", strategy))) {
            for (int i = 0; i < 3; i++) {
                assertThat(price(cluster.http(i).get(path))).isEqualTo(100);
            }

            long updatedAt = System.nanoTime();
            setPrice(cluster.http(0), id, 199);
            assertThat(replicaVersion(id)).as("the replica is still behind the write").isEqualTo(1);

            for (int i = 0; i < 3; i++) {
                long remaining = Math.max(1, 1000 - (System.nanoTime() - updatedAt) / 1_000_000);
                HttpResponse<String> read = readUntil(cluster.http(i), path, r -> price(r) == 199, remaining);
                assertThat(price(read)).as("%s: instance %d within 1 s", strategy, i + 1).isEqualTo(199);
            }
            long until = System.nanoTime() + 3_000_000_000L;
            while (System.nanoTime() < until) {
                for (int i = 0; i < 3; i++) {
                    assertThat(price(cluster.http(i).get(path))).as("%s: instance %d never reverts", strategy, i + 1)
                            .isEqualTo(199);
                }
                Thread.sleep(50);
            }
        }
    }

    private static long replicaVersion(long id) throws SQLException {
        try (Connection replica = SharedInfrastructure.replica();
             PreparedStatement query = replica.prepareStatement("SELECT version FROM products WHERE id = ?")) {
            query.setLong(1, id);
            try (ResultSet row = query.executeQuery()) {
                return row.next() ? row.getLong(1) : 0;
            }
        }
    }

}
