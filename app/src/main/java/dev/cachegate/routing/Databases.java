package dev.cachegate.routing;

import com.zaxxer.hikari.HikariDataSource;
import dev.cachegate.problem.DependencyUnavailableException;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import javax.sql.DataSource;

/**
 * The PostgreSQL datasources, {@value #PRIMARY} (every write) and the replicas (streaming standbys for reads:
 * {@value #REPLICA} and any other datasource whose name starts with it, see {@link #isReplica}), and the one rule for
 * their failures, by {@link Failure}.
 *
 * <p>Failure policy: a server that cannot be reached is a 503 {@code dependency-unavailable} naming its role (and,
 * for the replica, a reason to read the primary instead); a pool with no free connection within its
 * {@code connection-timeout} while the server answers, and a statement the server cancelled at
 * {@code cachegate.database.statement-timeout}, are a 503 {@code overloaded} with {@code Retry-After}: the server is
 * up but busy, and sending its load elsewhere would only fill the other server's pool too (the primary's, which
 * payments need); any other SQL error is a bug and a 500.
 */
public final class Databases {

    /** Name of the primary's datasource bean. */
    public static final String PRIMARY = "primary";

    /** Name of the first replica's datasource bean, and the prefix of every other replica's. */
    public static final String REPLICA = "replica";

    private static final String QUERY_CANCELED = "57014";

    private Databases() {
    }

    /**
     * @param datasource a datasource name under {@code datasources}
     * @return whether it is a replica: {@value #REPLICA} or any name starting with it ({@code replica2} from
     *         {@code DATASOURCES_REPLICA2_URL}, or {@code replica-eu} in YAML)
     */
    public static boolean isReplica(String datasource) {
        return datasource.startsWith(REPLICA);
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
     * @param role       the datasource's name, for errors
     * @param work       the work
     * @param <T>        the result
     * @return what {@code work} returned
     * @throws DependencyUnavailableException when no connection can be had
     * @throws DatabaseBusyException          when the pool is saturated or the server cancelled a statement at its
     *                                        timeout
     * @throws IllegalStateException          on any other SQL error
     */
    public static <T> T query(DataSource dataSource, String role, Work<T> work) {
        try (Connection connection = dataSource.getConnection()) {
            return work.apply(connection);
        } catch (SQLException e) {
            if (closed(dataSource)) {
                throw new DependencyUnavailableException("postgres-" + role, e);
            }
            throw switch (classify(e)) {
                case UNREACHABLE -> new DependencyUnavailableException("postgres-" + role, e);
                case SATURATED, TIMED_OUT -> new DatabaseBusyException(role, e);
                case ERROR -> new IllegalStateException("SQL error on the " + role + " (SQLState " + e.getSQLState()
                        + ")", e);
            };
        }
    }

    /** A pool closed under a request (the instance is shutting down) is as unreachable as its server. */
    private static boolean closed(DataSource dataSource) {
        try {
            return dataSource.isWrapperFor(HikariDataSource.class)
                    && dataSource.unwrap(HikariDataSource.class).isClosed();
        } catch (SQLException e) {
            return false;
        }
    }

    /** What an SQL failure says about the server. */
    public enum Failure {
        /**
         * It could not be reached, or dropped the connection: SQLState class 08 or 57P0x, also when a pool timed out
         * because its last attempt to connect failed so.
         */
        UNREACHABLE,
        /** The pool had no free connection within its {@code connection-timeout}, and its last connect had not failed. */
        SATURATED,
        /** It cancelled the statement at its {@code statement_timeout} (57014): up, but busy or waiting on a lock. */
        TIMED_OUT,
        /** Anything else: a bug. */
        ERROR
    }

    /**
     * @param e an SQL failure
     * @return what it means
     */
    public static Failure classify(SQLException e) {
        String state = e.getSQLState();
        if (state != null && (state.startsWith("08") || state.startsWith("57P0"))) {
            return Failure.UNREACHABLE;
        }
        if (e instanceof SQLTransientConnectionException) {
            return Failure.SATURATED;
        }
        return QUERY_CANCELED.equals(state) ? Failure.TIMED_OUT : Failure.ERROR;
    }
}
