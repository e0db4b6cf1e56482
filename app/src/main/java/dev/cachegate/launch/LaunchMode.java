package dev.cachegate.embedded;

import io.micronaut.context.exceptions.ConfigurationException;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Whether cachegate runs on servers it starts itself or on servers it is given.
 *
 * <p>The rule has no middle ground on purpose: with none of the three server locations configured cachegate starts
 * its embedded servers; with all three it uses them and never starts an embedded one; with only some it refuses to
 * start, because quietly mixing a production database with an embedded Redis (or the reverse) is how data ends up
 * where nobody looks for it.
 */
public enum LaunchMode {

    /** Start real Redis and PostgreSQL primary + replica from the binaries Maven ships, in a temporary directory. */
    EMBEDDED,

    /** Use the configured Redis, primary and replica. */
    PRODUCTION;

    /** The property that holds the decided mode, for beans that behave differently in production. */
    public static final String PROPERTY = "cachegate.mode";

    /** The server locations, with the environment variables that usually set them. */
    public static final List<Location> LOCATIONS = List.of(
            new Location("redis.uri", "REDIS_URI"),
            new Location("datasources.primary.url", "DATASOURCES_PRIMARY_URL"),
            new Location("datasources.replica.url", "DATASOURCES_REPLICA_URL"));

    /**
     * Decides the mode from configured properties.
     *
     * @param property looks a property up by its dotted name; empty when unset or blank
     * @return the mode
     * @throws ConfigurationException when only some of the locations are configured, naming which
     */
    public static LaunchMode detect(Function<String, Optional<String>> property) {
        List<Location> set = new ArrayList<>();
        List<Location> missing = new ArrayList<>();
        for (Location location : LOCATIONS) {
            boolean present = property.apply(location.property()).filter(v -> !v.isBlank()).isPresent();
            (present ? set : missing).add(location);
        }
        if (set.isEmpty()) {
            return EMBEDDED;
        }
        if (missing.isEmpty()) {
            return PRODUCTION;
        }
        throw new ConfigurationException("Production mode needs all of " + LOCATIONS + " but only " + set
                + " is set; missing " + missing + ". Set the missing ones, or unset all of them for the embedded default.");
    }

    /**
     * One server location.
     *
     * @param property    the dotted property name
     * @param environment the environment variable that sets it
     */
    public record Location(String property, String environment) {
        @Override
        public String toString() {
            return property + " (" + environment + ")";
        }
    }
}
