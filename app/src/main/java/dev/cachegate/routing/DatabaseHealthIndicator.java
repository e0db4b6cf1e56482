package dev.cachegate.routing;

import io.micronaut.health.HealthStatus;
import io.micronaut.management.health.indicator.AbstractHealthIndicator;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Health of one PostgreSQL role, with the replication facts that matter to routing in its details: a primary must not
 * be in recovery, a replica must be, and the replica reports how far it has received and replayed the primary's WAL.
 *
 * <p>A database that is down degrades cachegate but does not stop it: without the replica, reads go to the primary;
 * without the primary, writes answer 503 while reads go on from the replica and the caches. So the component stays
 * UP, keeping the instance in the load balancer, and its details say {@code "status": "DOWN"} and what still works.
 */
abstract sealed class DatabaseHealthIndicator extends AbstractHealthIndicator<Map<String, Object>>
        permits PrimaryHealthIndicator, ReplicaHealthIndicator {

    private static final String FACTS = """
            SELECT pg_is_in_recovery(), current_setting('server_version'),
                   CASE WHEN pg_is_in_recovery() THEN pg_last_wal_receive_lsn()::text ELSE pg_current_wal_lsn()::text END,
                   pg_last_wal_replay_lsn()::text,
                   CASE WHEN pg_is_in_recovery()
                        THEN pg_wal_lsn_diff(pg_last_wal_receive_lsn(), pg_last_wal_replay_lsn()) END
            """;

    private final String role;
    private final DataSource dataSource;
    private final boolean expectRecovery;

    DatabaseHealthIndicator(String role, DataSource dataSource, boolean expectRecovery) {
        this.role = role;
        this.dataSource = dataSource;
        this.expectRecovery = expectRecovery;
    }

    @Override
    protected Map<String, Object> getHealthInformation() {
        Map<String, Object> details = new LinkedHashMap<>();
        try (Connection connection = dataSource.getConnection();
             Statement statement = connection.createStatement();
             ResultSet row = statement.executeQuery(FACTS)) {
            row.next();
            boolean inRecovery = row.getBoolean(1);
            details.put("inRecovery", inRecovery);
            details.put("version", row.getString(2));
            details.put(inRecovery ? "receiveLsn" : "walLsn", row.getString(3));
            if (inRecovery) {
                details.put("replayLsn", row.getString(4));
                details.put("replayPendingBytes", row.getLong(5));
            }
            if (inRecovery == expectRecovery) {
                details.put("status", "UP");
            } else {
                details.put("status", "DOWN");
                details.put("error", expectRecovery ? "datasources." + role + " is not a standby"
                        : "datasources." + role + " is a standby, not a primary");
            }
            describe(details);
        } catch (SQLException e) {
            details.put("status", "DOWN");
            details.put("error", e.getMessage());
            details.put("impact", whenDown());
        }
        healthStatus = HealthStatus.UP;
        return details;
    }

    /** Adds what this role knows beyond the shared facts; nothing by default. */
    void describe(Map<String, Object> details) {
    }

    /** @return what still works while this database is down */
    abstract String whenDown();

    @Override
    protected String getName() {
        return role;
    }
}
