package dev.cachegate.routing;

import dev.cachegate.problem.DependencyUnavailableException;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;

/**
 * The two PostgreSQL datasources, {@value #PRIMARY} (every write) and {@value #REPLICA} (a streaming standby for
 * reads), and the one rule for their failures: a connection that cannot be had is a 503 naming the server's role;
 * any other SQL error is a bug and a 500.
 */
public final class Databases {

    /** Name of the primary's datasource bean. */
    public static final String PRIMARY = "primary";

    /** Name of the replica's datasource bean. */
    public static final String REPLICA = "replica";

    private Databases() {
    }

    /**
     * Work on one connection.
     *
     * @param <T> the result
     */
    @FunctionalInterface
    public interface Work<T> {
        /**
         * @param connection a pooled connection, closed afterwards
         * @return the result
         * @throws SQLException on failure
         */
        T apply(Connection connection) throws SQLException;
    }

    /**
     * Runs {@code work} on a connection of {@code dataSource}.
     *
     * @param dataSource the datasource
     * @param role       {@link #PRIMARY} or {@link #REPLICA}, for errors
     * @param work       the work
     * @param <T>        the result
     * @return what {@code work} returned
     * @throws DependencyUnavailableException when no connection can be had
     * @throws IllegalStateException          on any other SQL error
     */
    public static <T> T query(DataSource dataSource, String role, Work<T> work) {
        try (Connection connection = dataSource.getConnection()) {
            return work.apply(connection);
        } catch (SQLException e) {
            if (isConnectionFailure(e)) {
                throw new DependencyUnavailableException("postgres-" + role, e);
            }
            throw new IllegalStateException("SQL error on the " + role + " (SQLState " + e.getSQLState() + ")", e);
        }
    }

    /**
     * @param e an SQL failure
     * @return whether it means the server could not be reached (SQLState class 08, 57P0x, or a pool timeout)
     */
    public static boolean isConnectionFailure(SQLException e) {
        String state = e.getSQLState();
        return e instanceof SQLTransientConnectionException
                || (state != null && (state.startsWith("08") || state.startsWith("57P0")));
    }
}
