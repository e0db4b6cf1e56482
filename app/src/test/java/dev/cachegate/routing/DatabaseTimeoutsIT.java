package dev.cachegate.routing;

import dev.cachegate.embedded.EmbeddedServers;
import dev.cachegate.testinfra.Cluster;
import dev.cachegate.testinfra.Http;
import dev.cachegate.testinfra.PostgresProcesses;
import io.micronaut.inject.qualifiers.Qualifiers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import javax.sql.DataSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The bounds of {@link DatabaseConfig} on a running instance: a lock wait ends at the statement timeout as a 503, and
 * a black-holed replica (its processes stopped with SIGSTOP, so connections stay open and nothing answers) loses its
 * reads to the primary within the tracker's timeout plus one poll; a read caught on it meanwhile ends within the
 * socket timeout, failed over or shed. These tests stop servers, so they run on an embedded Redis, primary and replica
 * of their own.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DatabaseTimeoutsIT {

    private static final String ADMIN = "timeouts-admin-token-0123";
    private static final Duration SOCKET_TIMEOUT = Duration.ofSeconds(2);
    private static final Duration STATEMENT_TIMEOUT = Duration.ofSeconds(1);
    private static final Duration TRACKER_TIMEOUT = Duration.ofSeconds(1);
    private static final Duration POLL = Duration.ofMillis(50);
    private static final Duration SLACK = Duration.ofSeconds(3);

    private EmbeddedServers servers;
    private Cluster cluster;

    @BeforeAll
    void start() {
        servers = EmbeddedServers.start();
        Map<String, String> properties = new HashMap<>();
        servers.properties().forEach((key, value) -> properties.put(key, String.valueOf(value)));
        properties.put("cachegate.catalog.seed-products", "100");
        properties.put("cachegate.admin-token", ADMIN);
        properties.put("cachegate.database.socket-timeout", SOCKET_TIMEOUT.toSeconds() + "s");
        properties.put("cachegate.database.statement-timeout", STATEMENT_TIMEOUT.toMillis() + "ms");
        properties.put("cachegate.routing.poll-interval", POLL.toMillis() + "ms");
        properties.put("cachegate.routing.tracker-timeout", TRACKER_TIMEOUT.toSeconds() + "s");
        properties.put("datasources.primary.connection-timeout", "500");
        properties.put("datasources.replica.connection-timeout", "500");
        cluster = Cluster.start(1, "timeouts", properties);
    }

    @AfterAll
    void stop() {
        if (cluster != null) {
            cluster.close();
        }
        if (servers != null) {
            servers.close();
        }
    }

    @Test
    void everySessionOfBothDatasourcesCarriesTheStatementTimeout() throws SQLException {
        for (String role : List.of(Databases.PRIMARY, Databases.REPLICA)) {
            DataSource dataSource = cluster.context(0).getBean(DataSource.class, Qualifiers.byName(role));
            try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement();
                 ResultSet row = statement.executeQuery("SHOW statement_timeout")) {
                row.next();
                assertThat(row.getString(1)).as(role).isEqualTo("1s");
            }
        }
    }

    @Test
    void aPriceUpdateStuckBehindARowLockIs503AtTheStatementTimeoutAndChangesNothing() throws Exception {
        Http http = cluster.http(0);
        long id = 7;
        long before = priceCents(id);
        HttpResponse<String> stuck;
        long waited;
        try (Connection holder = DriverManager.getConnection(servers.primaryJdbcUrl(), servers.username(), "")) {
            holder.setAutoCommit(false);
            try (Statement lock = holder.createStatement()) {
                lock.execute("SELECT 1 FROM products WHERE id = " + id + " FOR UPDATE");
            }
            long start = System.nanoTime();
            stuck = http.put("/products/" + id + "/price", "{\"priceCents\": " + (before + 1) + ", \"currency\": \"USD\"}",
                    "Authorization", "Bearer " + ADMIN);
            waited = System.nanoTime() - start;
            holder.rollback();
        }

        assertThat(stuck.statusCode()).as(stuck.body()).isEqualTo(503);
        assertThat(stuck.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(stuck.headers().firstValue("Retry-After")).isPresent();
        assertThat(stuck.body()).contains("overloaded").contains("postgres-primary");
        assertThat(Duration.ofNanos(waited)).as("the bound: statement-timeout, with scheduling slack")
                .isLessThan(STATEMENT_TIMEOUT.plus(SLACK));
        assertThat(priceCents(id)).as("the cancelled update left the row as it was").isEqualTo(before);

        HttpResponse<String> retried = http.put("/products/" + id + "/price",
                "{\"priceCents\": " + (before + 1) + ", \"currency\": \"USD\"}", "Authorization", "Bearer " + ADMIN);
        assertThat(retried.statusCode()).as(retried.body()).isEqualTo(200);
        assertThat(priceCents(id)).isEqualTo(before + 1);
    }

    @Test
    void readsMoveToThePrimaryWithinTheSocketTimeoutPlusAPollWhenTheReplicaIsBlackHoled() throws Exception {
        Http http = cluster.http(0);
        ReplicaTracker tracker = cluster.context(0).getBean(ReplicaTracker.class, Qualifiers.byName(Databases.REPLICA));
        assertThat(http.get("/products/20").statusCode()).isEqualTo(200);
        await(tracker::isUp, Duration.ofSeconds(10), "replica up before the stop");
        double fromReplica = Cluster.counter(cluster.context(0), "cachegate.db.reads", "target", "replica");
        assertThat(fromReplica).as("reads were served by the replica").isGreaterThan(0);

        List<Long> stopped = PostgresProcesses.of(servers.dataRoot().resolve("replica"));
        try {
            PostgresProcesses.signal("-STOP", stopped);
            long start = System.nanoTime();
            HttpResponse<String> first = http.get("/products/21");
            Duration firstRead = Duration.ofNanos(System.nanoTime() - start);
            assertThat(first.statusCode()).as("failed over, or shed while the pool waits: " + first.body())
                    .isIn(200, 503);
            if (first.statusCode() == 503) {
                assertThat(first.body()).contains("overloaded");
            }
            assertThat(firstRead).as("a read caught on the replica ends within socket-timeout")
                    .isLessThan(SOCKET_TIMEOUT.plus(SLACK));
            await(() -> !tracker.isUp(), TRACKER_TIMEOUT.plus(POLL).plus(SLACK).minus(firstRead),
                    "replica seen as down (tracker-timeout + poll)");

            double primaryBefore = Cluster.counter(cluster.context(0), "cachegate.db.reads", "target", "primary");
            for (long id = 22; id < 27; id++) {
                HttpResponse<String> read = http.get("/products/" + id);
                assertThat(read.statusCode()).as(read.body()).isEqualTo(200);
            }
            assertThat(Cluster.counter(cluster.context(0), "cachegate.db.reads", "target", "primary"))
                    .as("every uncached read from the primary").isEqualTo(primaryBefore + 5);
            assertThat(Cluster.counter(cluster.context(0), "cachegate.db.reads", "target", "replica"))
                    .isEqualTo(fromReplica);
        } finally {
            PostgresProcesses.signal("-CONT", stopped);
        }
        await(tracker::isUp, Duration.ofSeconds(20), "replica up again");
    }

    private long priceCents(long id) throws SQLException {
        try (Connection primary = DriverManager.getConnection(servers.primaryJdbcUrl(), servers.username(), "");
             Statement statement = primary.createStatement();
             ResultSet row = statement.executeQuery("SELECT price_cents FROM products WHERE id = " + id)) {
            row.next();
            return row.getLong(1);
        }
    }

    private static void await(BooleanSupplier condition, Duration timeout, String what) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as(what + " within " + timeout).isLessThan(deadline);
            Thread.sleep(10);
        }
    }
}
