package dev.cachegate.routing;

import io.micronaut.context.annotation.EachBean;

import java.util.Map;

/**
 * {@code /health} component of one replica, named as its datasource ({@code replica}, {@code replica2}…), with its
 * staleness measured against the primary and whether it serves reads.
 */
@EachBean(ReplicaTracker.class)
final class ReplicaHealthIndicator extends DatabaseHealthIndicator {

    private final ReplicaTracker tracker;
    private final RoutingConfig config;

    ReplicaHealthIndicator(ReplicaTracker tracker, RoutingConfig config) {
        super(tracker.name(), tracker.dataSource(), true);
        this.tracker = tracker;
        this.config = config;
    }

    @Override
    void describe(Map<String, Object> details) {
        double staleness = tracker.lagSeconds();
        details.put("stalenessSeconds", staleness);
        boolean serves = tracker.serves();
        details.put("servesReads", serves);
        if (!serves) {
            details.put("impact", "behind the primary by more than cachegate.routing.max-replica-lag="
                    + config.maxReplicaLag().toSeconds() + "s: reads go to the primary or to another serving replica");
        }
    }

    @Override
    String whenDown() {
        return "reads go to the primary or to another serving replica";
    }
}
