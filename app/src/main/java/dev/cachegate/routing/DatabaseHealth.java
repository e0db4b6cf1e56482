package dev.cachegate.routing;

import dev.cachegate.web.HealthComponent;
import dev.cachegate.web.HealthComponent.Reading;
import io.micronaut.context.annotation.EachBean;
import io.micronaut.context.annotation.Factory;
import jakarta.inject.Named;
import jakarta.inject.Singleton;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The {@code /health} component of each PostgreSQL role, with the replication facts that matter to routing in its
 * details: a primary must not be in recovery, a replica must be, and the replica reports how far it has received and
 * replayed the primary's WAL.
 *
 * <p>A database that is down degrades cachegate but does not stop it: without the replica, reads go to the primary;
 * without the primary, writes answer 503 while reads go on from the replica and the caches. So the component stays
 * UP, keeping the instance in the load balancer, and its details say {@code "status": "DOWN"} and what still works.
 */
@Factory
final class DatabaseHealth {

    private static final String FACTS = """
            SELECT pg_is_in_recovery(), current_setting('server_version'),
                   CASE WHEN pg_is_in_recovery() THEN pg_last_wal_receive_lsn()::text ELSE pg_current_wal_lsn()::text END,
                   pg_last_wal_replay_lsn()::text,
                   CASE WHEN pg_is_in_recovery()
                        THEN pg_wal_lsn_diff(pg_last_wal_receive_lsn(), pg_last_wal_replay_lsn()) END
            """;

    /** {@code /health} component {@code primary}. */
    @Singleton
    HealthComponent primary(@Named(Databases.PRIMARY) DataSource primary) {
        return new Role(Databases.PRIMARY, primary, false,
                "writes answer 503; reads go on from the replica and the caches", details -> { });
    }

    /**
     * {@code /health} component of one replica, named as its datasource ({@code replica}, {@code replica2}…), with its
     * staleness measured against the primary and whether it serves reads.
     */
    @EachBean(ReplicaTracker.class)
    HealthComponent replica(ReplicaTracker tracker, RoutingConfig config) {
        return new Role(tracker.name(), tracker.dataSource(), true,
                "reads go to the primary or to another serving replica", details -> {
                    details.put("stalenessSeconds", tracker.lagSeconds());
                    boolean serves = tracker.serves();
                    details.put("servesReads", serves);
                    if (!serves) {
                        details.put("impact", "behind the primary by more than cachegate.routing.max-replica-lag="
                                + config.maxReplicaLag().toSeconds()
                                + "s: reads go to the primary or to another serving replica");
                    }
                });
    }

    /**
     * @param name           the datasource's name, and the component's
     * @param expectRecovery whether this role is a standby
     * @param whenDown       what still works while this database is down
     * @param describe       adds what this role knows beyond the shared facts, when the database answers
     */
    private record Role(String name, DataSource dataSource, boolean expectRecovery, String whenDown,
                        Consumer<Map<String, Object>> describe) implements HealthComponent {

        @Override
        public Reading read() {
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
                    details.put("error", expectRecovery ? "datasources." + name + " is not a standby"
                            : "datasources." + name + " is a standby, not a primary");
                }
                describe.accept(details);
            } catch (SQLException e) {
                details.put("status", "DOWN");
                details.put("error", e.getMessage());
                details.put("impact", whenDown);
            }
            return Reading.up(details);
        }
    }
}
