package dev.cachegate.testinfra;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/** Controls of a replica (the shared one unless named), for tests about replication lag. */
public final class Replica {

    private Replica() {
    }

    /**
     * Holds the shared replica behind the primary by {@code recovery_min_apply_delay}, or releases it.
     *
     * @param delay e.g. {@code 2s}; null resets it
     * @throws SQLException on failure
     */
    public static void delay(String delay) throws SQLException {
        delay(SharedInfrastructure.get().replicaJdbcUrl(), delay);
    }

    /**
     * Holds a replica behind the primary by {@code recovery_min_apply_delay}, or releases it, and returns once a new
     * session sees the setting: {@code pg_reload_conf()} only signals the postmaster, so a write made right after it
     * could otherwise be replayed before the delay applies.
     *
     * @param jdbcUrl the replica
     * @param delay   e.g. {@code 2s}; null resets it
     * @throws SQLException on failure
     */
    public static void delay(String jdbcUrl, String delay) throws SQLException {
        TestInfrastructure servers = SharedInfrastructure.get();
        try (Connection replica = DriverManager.getConnection(jdbcUrl, servers.username(), servers.password());
             Statement statement = replica.createStatement()) {
            statement.execute(delay == null ? "ALTER SYSTEM RESET recovery_min_apply_delay"
                    : "ALTER SYSTEM SET recovery_min_apply_delay = '" + delay + "'");
            statement.execute("SELECT pg_reload_conf()");
        }
        String expected = delay == null ? "0" : delay;
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (!expected.equals(setting(jdbcUrl, servers))) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("recovery_min_apply_delay did not become " + expected + " within 5 s");
            }
            Thread.onSpinWait();
        }
    }

    private static String setting(String jdbcUrl, TestInfrastructure servers) throws SQLException {
        try (Connection replica = DriverManager.getConnection(jdbcUrl, servers.username(), servers.password());
             Statement statement = replica.createStatement();
             ResultSet row = statement.executeQuery("SHOW recovery_min_apply_delay")) {
            row.next();
            return row.getString(1);
        }
    }
}
