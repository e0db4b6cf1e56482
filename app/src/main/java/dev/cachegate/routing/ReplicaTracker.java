package dev.cachegate.routing;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.configuration.jdbc.hikari.DatasourceConfiguration;
import io.micronaut.core.annotation.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import java.util.concurrent.ScheduledFuture;
import javax.sql.DataSource;

/**
 * Tracks one replica (one per {@link Databases#isReplica replica datasource}, made by {@link ReplicaTrackers}): how
 * far it has replayed, how much received WAL it has yet to replay, how stale it is, whether it answers, all from one
 * query to the replica (the primary is never polled). Staleness is the age of the newest {@link ReplicationHeartbeat}
 * the replica has replayed, so a replica whose WAL receiver stalled or disconnected shows its growing lag instead of
 * the zero its own receive and replay positions would suggest; past {@code cachegate.routing.max-replica-lag} it
 * serves no reads, within that bound plus one heartbeat and one poll. Polled every
 * {@code cachegate.routing.poll-interval}, each replica on its own schedule, so that routing a read costs no query and
 * a hung replica delays no other's poll; a read that needs a position no tracked one has reached asks the replicas
 * directly ({@link #ask}), a few times, within its wait bound. Its gauges carry the tag {@code replica=<name>}.
 *
 * <p>The poll runs on a connection of its own, outside the replica's pool, with
 * {@code cachegate.routing.tracker-timeout} as its connect and socket timeout: a saturated pool is not a dead
 * replica, and a replica that stops answering is marked down within {@code tracker-timeout + poll-interval} whatever
 * its pool is doing.
 *
 * <p>Failure policy: any failure of the poll marks the replica down (reads go to the other replicas, or the primary)
 * and drops the tracker's connection, which the next poll opens again; the first poll that answers marks it up. A
 * direct ask from a waiting read marks it down only on a connection failure; a saturated pool or a cancelled
 * statement ends that read's wait on this replica and leaves it up.
 */
public final class ReplicaTracker implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ReplicaTracker.class);
    private static final String REPLICA = """
            SELECT pg_last_wal_replay_lsn()::text,
                   (SELECT extract(epoch FROM now() - beat) FROM replication_heartbeat WHERE id = 1),
                   coalesce(pg_wal_lsn_diff(pg_last_wal_receive_lsn(), pg_last_wal_replay_lsn()), 0)
            """;

    /** What a direct {@link #ask} found. */
    public enum Answer {
        /** The replica has replayed the token. */
        REPLAYED,
        /** It answered, and has not yet replayed it. */
        BEHIND,
        /** It could not answer now (down, saturated, cancelled): do not wait on it for this read. */
        FAILED
    }

    private final String name;
    private final DataSource replica;
    private final DatasourceConfiguration settings;
    private final RoutingConfig config;
    private @Nullable Connection own;
    private volatile @Nullable Lsn replayed;
    private volatile long lagBytes;
    private volatile double lagSeconds;
    private volatile boolean up = true;
    private volatile @Nullable ScheduledFuture<?> schedule;

    ReplicaTracker(String name, DataSource replica, DatasourceConfiguration settings, RoutingConfig config,
                   MeterRegistry meters) {
        this.name = name;
        this.replica = replica;
        this.settings = settings;
        this.config = config;
        Gauge.builder("cachegate.replica.lag.bytes", this, t -> t.lagBytes).tag("replica", name)
                .description("WAL the replica has received but not yet replayed").register(meters);
        Gauge.builder("cachegate.replica.lag.seconds", this, t -> t.lagSeconds).tag("replica", name)
                .description("Age of the newest primary heartbeat the replica has replayed: how stale its reads can "
                        + "be, measured on the primary's clock").register(meters);
        Gauge.builder("cachegate.replica.up", this, t -> t.up ? 1 : 0).tag("replica", name).register(meters);
    }

    /** @return the replica's datasource name, e.g. {@code replica} or {@code replica2} */
    public String name() {
        return name;
    }

    /** @return its pooled datasource */
    public DataSource dataSource() {
        return replica;
    }

    void scheduled(ScheduledFuture<?> polls) {
        this.schedule = polls;
    }

    /** Stops polling and closes the tracker's own connection. */
    @Override
    public void close() {
        ScheduledFuture<?> polls = schedule;
        if (polls != null) {
            polls.cancel(false);
        }
        closeOwn();
    }

    synchronized void poll() {
        try {
            readReplica(ownConnection());
        } catch (SQLException | RuntimeException e) {
            closeOwn();
            markDown(e);
        }
    }

    private synchronized void closeOwn() {
        if (own != null) {
            try {
                own.close();
            } catch (SQLException e) {
                LOG.debug("Closing the tracker's connection to {}: {}", name, e.toString());
            }
            own = null;
        }
    }

    private Connection ownConnection() throws SQLException {
        if (own == null) {
            Properties properties = new Properties();
            properties.putAll(settings.getDataSourceProperties());
            properties.setProperty("user", settings.getUsername());
            if (settings.getPassword() != null) {
                properties.setProperty("password", settings.getPassword());
            }
            String seconds = Long.toString(config.trackerTimeout().toSeconds());
            properties.setProperty("socketTimeout", seconds);
            properties.setProperty("connectTimeout", seconds);
            properties.setProperty("loginTimeout", seconds);
            properties.setProperty("ApplicationName", "cachegate-replica-tracker");
            own = DriverManager.getConnection(settings.getUrl(), properties);
        }
        return own;
    }

    /** @return whether the replica answered its last check */
    public boolean isUp() {
        return up;
    }

    /** @return whether it serves reads: it answered its last check and lags at most {@code max-replica-lag} */
    public boolean serves() {
        return up && lagSeconds * 1000 <= config.maxReplicaLag().toMillis();
    }

    /** @return the replica's last known lag in seconds */
    public double lagSeconds() {
        return lagSeconds;
    }

    /**
     * @param token a causal token
     * @return whether the tracked position has reached it (no query)
     */
    public boolean hasReplayed(Lsn token) {
        Lsn position = replayed;
        return position != null && position.compareTo(token) >= 0;
    }

    /**
     * Asks the replica directly, on a pooled connection, whether it has replayed {@code token}; marks it down on a
     * connection failure.
     *
     * @param token a causal token
     * @return what it answered
     */
    public Answer ask(Lsn token) {
        try (Connection connection = replica.getConnection()) {
            Lsn position = readReplica(connection);
            return position != null && position.compareTo(token) >= 0 ? Answer.REPLAYED : Answer.BEHIND;
        } catch (SQLException e) {
            if (Databases.classify(e) == Databases.Failure.UNREACHABLE) {
                markDown(e);
            }
            return Answer.FAILED;
        } catch (RuntimeException e) {
            markDown(e);
            return Answer.FAILED;
        }
    }

    /** Records that the replica failed a query, so reads go to the primary until it answers again. */
    public void markDown(Exception cause) {
        if (up) {
            LOG.warn("Replica {} unreachable, reads go elsewhere until it answers: {}", name, cause.toString());
        }
        up = false;
    }

    private @Nullable Lsn readReplica(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet row = statement.executeQuery(REPLICA)) {
            row.next();
            String position = row.getString(1);
            if (!up) {
                LOG.info("Replica {} answers again; reads go back to it", name);
            }
            up = true;
            lagSeconds = Math.max(0, row.getDouble(2));
            lagBytes = Math.max(0, row.getLong(3));
            if (position == null) {
                return null;
            }
            Lsn lsn = Lsn.parse(position);
            replayed = lsn;
            return lsn;
        }
    }
}
