package dev.cachegate.routing;

import dev.cachegate.schedule.Schedules;
import io.micronaut.context.annotation.Context;
import jakarta.inject.Named;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

/**
 * Moves the replication heartbeat on the primary ({@code replication_heartbeat}), so that the replica's staleness can
 * be measured against the primary rather than from the replica's own view, which reports no lag when its WAL
 * receiver has stalled. Every instance beats; one row, so the cost is one small update per instance per interval.
 *
 * <p>Failure policy: a failed beat is logged once per outage and retried at the next interval; while the primary is
 * down the heartbeat ages, and the replica's measured staleness grows with it, which is the truth: nothing newer than
 * the last beat can reach it.
 */
@Context
final class ReplicationHeartbeat {

    private static final Logger LOG = LoggerFactory.getLogger(ReplicationHeartbeat.class);
    private static final String BEAT = "UPDATE replication_heartbeat SET beat = now() WHERE id = 1";

    private final DataSource primary;
    private volatile boolean failing;

    ReplicationHeartbeat(@Named(Databases.PRIMARY) DataSource primary, RoutingConfig config, Schedules schedules) {
        this.primary = primary;
        schedules.withFixedDelay(Duration.ZERO, config.heartbeatInterval(), this::beat);
    }

    void beat() {
        try (Connection connection = primary.getConnection(); Statement statement = connection.createStatement()) {
            statement.executeUpdate(BEAT);
            if (failing) {
                LOG.info("Replication heartbeat written again");
            }
            failing = false;
        } catch (SQLException | RuntimeException e) {
            if (!failing) {
                LOG.warn("Could not write the replication heartbeat on the primary: {}", e.toString());
            }
            failing = true;
        }
    }
}
