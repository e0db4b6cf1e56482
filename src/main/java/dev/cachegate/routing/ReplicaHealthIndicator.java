package dev.cachegate.routing;

import jakarta.inject.Named;
import jakarta.inject.Singleton;

import javax.sql.DataSource;
import java.util.Map;

/**
 * {@code /health} component {@code replica}, with its staleness measured against the primary and whether it serves
 * reads.
 */
@Singleton
final class ReplicaHealthIndicator extends DatabaseHealthIndicator {

    private final ReplicaTracker tracker;
    private final RoutingConfig config;

    ReplicaHealthIndicator(@Named(Databases.REPLICA) DataSource replica, ReplicaTracker tracker,
                           RoutingConfig config) {
        super(Databases.REPLICA, replica, true);
        this.tracker = tracker;
        this.config = config;
    }

    @Override
    void describe(Map<String, Object> details) {
        double staleness = tracker.lagSeconds();
        details.put("stalenessSeconds", staleness);
        boolean serves = tracker.isUp() && staleness * 1000 <= config.maxReplicaLag().toMillis();
        details.put("servesReads", serves);
        if (!serves) {
            details.put("impact", "behind the primary by more than cachegate.routing.max-replica-lag="
                    + config.maxReplicaLag().toSeconds() + "s: reads go to the primary");
        }
    }

    @Override
    String whenDown() {
        return "reads go to the primary";
    }
}
