package dev.cachegate.testinfra;

import org.testcontainers.DockerClientFactory;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;

/**
 * The one set of test servers of this JVM, started on first use and stopped when the JVM exits. Tests share it and
 * keep out of each other's way through their data (own ids, keys, usernames), not through servers of their own.
 */
public final class SharedInfrastructure {

    private SharedInfrastructure() {
    }

    /** @return the running servers */
    public static TestInfrastructure get() {
        return Holder.INSTANCE;
    }

    /**
     * @return a new connection to the primary; the caller closes it
     * @throws SQLException on failure
     */
    public static Connection primary() throws SQLException {
        TestInfrastructure servers = get();
        return DriverManager.getConnection(servers.primaryJdbcUrl(), servers.username(), servers.password());
    }

    /**
     * @return a new connection to the replica; the caller closes it
     * @throws SQLException on failure
     */
    public static Connection replica() throws SQLException {
        TestInfrastructure servers = get();
        return DriverManager.getConnection(servers.replicaJdbcUrl(), servers.username(), servers.password());
    }

    private static final class Holder {
        static final TestInfrastructure INSTANCE = start();

        private static TestInfrastructure start() {
            String requested = System.getProperty(InfrastructureSelector.PROPERTY, System.getenv("CACHEGATE_TEST_INFRA"));
            TestInfrastructure servers = switch (InfrastructureSelector.select(requested,
                    () -> DockerClientFactory.instance().isDockerAvailable())) {
                case EMBEDDED -> new EmbeddedTestInfrastructure();
                case TESTCONTAINERS -> new ContainerTestInfrastructure();
            };
            Runtime.getRuntime().addShutdownHook(new Thread(servers::close, "test-infrastructure-shutdown"));
            return servers;
        }
    }
}
