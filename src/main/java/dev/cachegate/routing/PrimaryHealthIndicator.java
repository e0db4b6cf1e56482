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
}
