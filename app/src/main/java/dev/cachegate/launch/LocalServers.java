package dev.cachegate.launch;

import io.micronaut.core.reflect.ClassUtils;

import java.util.Map;
import java.util.Optional;

/**
 * Redis and PostgreSQL servers that cachegate started itself, for the embedded default.
 *
 * <p>The servers come from the {@code cachegate-embedded} module, which the production jar does not carry: it is on
 * the classpath of {@code ./mvnw mn:run} and of the tests. Its presence on the classpath is the gate, as
 * micronaut-redis gates its embedded Redis on the server's class.
 *
 * <p>Failure policy: {@link #startEmbedded()} answers empty when the module is absent, so the caller can say what to
 * configure instead; when the module is present and a server does not start, its exception propagates and whatever
 * had started is already stopped.
 */
public interface LocalServers extends AutoCloseable {

    /**
     * The configuration that points cachegate at these servers, under the keys production sets from
     * {@link LaunchMode#LOCATIONS}.
     *
     * @return property name to value
     */
    Map<String, Object> properties();

    /** Stops the servers and deletes their data. Safe to call twice. */
    @Override
    void close();

    /**
     * @return whether the embedded default's servers are on the classpath
     */
    static boolean embeddedAvailable() {
        return ClassUtils.isPresent(EmbeddedLocalServers.SERVERS_CLASS, LocalServers.class.getClassLoader());
    }

    /**
     * Starts the embedded default's Redis, PostgreSQL primary and streaming replica.
     *
     * @return the running servers; empty when the {@code cachegate-embedded} module is not on the classpath
     */
    static Optional<LocalServers> startEmbedded() {
        return embeddedAvailable() ? Optional.of(EmbeddedLocalServers.start()) : Optional.empty();
    }
}
