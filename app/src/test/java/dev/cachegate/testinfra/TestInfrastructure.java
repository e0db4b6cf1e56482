package dev.cachegate.testinfra;

import dev.cachegate.embedded.EmbeddedServers;

import java.util.LinkedHashMap;
import java.util.Map;

/** Real Redis, PostgreSQL primary and streaming replica for the tests of one JVM. */
public interface TestInfrastructure extends AutoCloseable {

    /** @return {@code redis://host:port} */
    String redisUri();

    /** @return JDBC URL of the primary */
    String primaryJdbcUrl();

    /** @return JDBC URL of the streaming replica */
    String replicaJdbcUrl();

    /** @return database user of both */
    String username();

    /** @return database password of both */
    String password();

    /**
     * Starts a further streaming replica of the primary, for tests of several replicas; the caller closes it.
     *
     * @param name its name, {@code [a-z0-9_]+}
     * @return the running replica
     */
    default EmbeddedServers.ExtraReplica addReplica(String name) {
        throw new UnsupportedOperationException("a further replica needs the embedded servers, not " + getClass());
    }

    /** @return the configuration that points cachegate at these servers */
    default Map<String, String> properties() {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("redis.uri", redisUri());
        properties.put("datasources.primary.url", primaryJdbcUrl());
        properties.put("datasources.primary.username", username());
        properties.put("datasources.primary.password", password());
        properties.put("datasources.replica.url", replicaJdbcUrl());
        properties.put("datasources.replica.username", username());
        properties.put("datasources.replica.password", password());
        return properties;
    }

    @Override
    void close();
}
