package dev.cachegate.routing;

import jakarta.inject.Named;
import jakarta.inject.Singleton;

import javax.sql.DataSource;

/** {@code /health} component {@code primary}. */
@Singleton
final class PrimaryHealthIndicator extends DatabaseHealthIndicator {

    PrimaryHealthIndicator(@Named(Databases.PRIMARY) DataSource primary) {
        super(Databases.PRIMARY, primary, false);
    }

    @Override
    String whenDown() {
        return "writes answer 503; reads go on from the replica and the caches";
    }
}
