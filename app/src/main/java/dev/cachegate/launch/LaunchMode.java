package dev.cachegate.launch;

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
 * where nobody looks for it. The production jar has no embedded servers: there, none configured is refused as well.
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
     * @param property          looks a property up by its dotted name; empty when unset or blank
     * @param embeddedAvailable whether the embedded default's servers are on the classpath
     *                          ({@link LocalServers#embeddedAvailable()}); the production jar does not carry them
     * @return the mode
     * @throws ConfigurationException when only some of the locations are configured, naming which; or when none is
     *                                and there is no embedded default to fall back on, naming all of them
     */
    public static LaunchMode detect(Function<String, Optional<String>> property, boolean embeddedAvailable) {
        List<Location> set = new ArrayList<>();
        List<Location> missing = new ArrayList<>();
        for (Location location : LOCATIONS) {
            boolean present = property.apply(location.property()).filter(v -> !v.isBlank()).isPresent();
            (present ? set : missing).add(location);
        }
        if (set.isEmpty()) {
            if (!embeddedAvailable) {
                throw new ConfigurationException("No Redis/PostgreSQL configured: set " + LOCATIONS + ". This build "
                        + "carries no embedded servers; ./mvnw mn:run from the source tree starts the embedded default.");
            }
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
