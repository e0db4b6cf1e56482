package dev.cachegate.routing;

import jakarta.inject.Named;
import jakarta.inject.Singleton;

import javax.sql.DataSource;

/** {@code /health} component {@code replica}. */
@Singleton
final class ReplicaHealthIndicator extends DatabaseHealthIndicator {

    ReplicaHealthIndicator(@Named(Databases.REPLICA) DataSource replica) {
        super(Databases.REPLICA, replica, true);
    }

    @Override
    String whenDown() {
        return "reads go to the primary";
    }
}
