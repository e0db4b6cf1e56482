package dev.cachegate.routing;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.configuration.jdbc.hikari.DatasourceConfiguration;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.scheduling.annotation.Scheduled;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Properties;

/**
 * Tracks the replica: how far it has replayed, how much received WAL it has yet to replay, how stale it is, whether
 * it answers, all from one query to the replica (the primary is never polled). Staleness is the age of the newest
 * {@link ReplicationHeartbeat} the replica has replayed, so a replica whose WAL receiver stalled or disconnected shows
 * its growing lag instead of the zero its own receive and replay positions would suggest; past
 * {@code cachegate.routing.max-replica-lag} it serves no reads, within that bound plus one heartbeat and one poll. Polled every
 * {@code cachegate.routing.poll-interval} so that routing a read costs no query; a read that needs a position the
 * tracked one has not reached asks the replica directly, a few times, within its wait bound.
 *
 * <p>The poll runs on a connection of its own, outside the replica's pool, with {@code cachegate.routing.tracker-timeout}
 * as its connect and socket timeout: a saturated pool is not a dead replica, and a replica that stops answering is
 * marked down within {@code tracker-timeout + poll-interval} whatever its pool is doing.
 *
 * <p>Failure policy: any failure of the poll marks the replica down (reads go to the primary) and drops the tracker's
 * connection, which the next poll opens again; the first poll that answers marks it up. A direct ask from a waiting
 * read marks it down only on a connection failure; a saturated pool or a cancelled statement ends that wait (the read
 * goes to the primary, as for any wait that runs out) and leaves the replica up.
 */
@Singleton
public final class ReplicaTracker {

    private static final Logger LOG = LoggerFactory.getLogger(ReplicaTracker.class);
    private static final String REPLICA = """
            SELECT pg_last_wal_replay_lsn()::text,
                   (SELECT extract(epoch FROM now() - beat) FROM replication_heartbeat WHERE id = 1),
                   coalesce(pg_wal_lsn_diff(pg_last_wal_receive_lsn(), pg_last_wal_replay_lsn()), 0)
            """;
    private static final long WAIT_POLL_MILLIS = 5;

    private final DataSource replica;
    private final DatasourceConfiguration settings;
    private final RoutingConfig config;
    private @Nullable Connection own;
    private volatile @Nullable Lsn replayed;
    private volatile long lagBytes;
    private volatile double lagSeconds;
    private volatile boolean up = true;
    private volatile @Nullable String error;

    ReplicaTracker(@Named(Databases.REPLICA) DataSource replica,
                   @Named(Databases.REPLICA) DatasourceConfiguration settings, RoutingConfig config,
                   MeterRegistry meters) {
        this.replica = replica;
        this.settings = settings;
        this.config = config;
        Gauge.builder("cachegate.replica.lag.bytes", this, t -> t.lagBytes)
                .description("WAL the replica has received but not yet replayed").register(meters);
        Gauge.builder("cachegate.replica.lag.seconds", this, t -> t.lagSeconds)
                .description("Age of the newest primary heartbeat the replica has replayed: how stale its reads can "
                        + "be, measured on the primary's clock").register(meters);
        Gauge.builder("cachegate.replica.up", this, t -> t.up ? 1 : 0).register(meters);
    }

    @Scheduled(fixedDelay = "${cachegate.routing.poll-interval:50ms}", initialDelay = "0s")
    synchronized void poll() {
        try {
            readReplica(ownConnection());
        } catch (SQLException | RuntimeException e) {
            closeOwn();
            markDown(e);
        }
    }

    @PreDestroy
    synchronized void closeOwn() {
        if (own != null) {
            try {
                own.close();
            } catch (SQLException e) {
                LOG.debug("Closing the tracker's replica connection: {}", e.toString());
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

    /** @return the replica's last known lag in seconds */
    public double lagSeconds() {
        return lagSeconds;
    }

    /** @return the replica's last known lag in bytes of WAL */
    public long lagBytes() {
        return lagBytes;
    }

    /** @return the last error talking to the replica, while it is down */
    public @Nullable String error() {
        return error;
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
     * Asks the replica directly until it has replayed {@code token} or {@code bound} passes.
     *
     * @return whether it got there in time
     */
    public boolean awaitReplay(Lsn token, Duration bound) {
        long deadline = System.nanoTime() + bound.toNanos();
        while (true) {
            try (Connection connection = replica.getConnection()) {
                Lsn position = readReplica(connection);
                if (position != null && position.compareTo(token) >= 0) {
                    return true;
                }
            } catch (SQLException e) {
                if (Databases.classify(e) == Databases.Failure.UNREACHABLE) {
                    markDown(e);
                }
                return false;
            } catch (RuntimeException e) {
                markDown(e);
                return false;
            }
            if (System.nanoTime() + WAIT_POLL_MILLIS * 1_000_000 > deadline) {
                return false;
            }
            try {
                Thread.sleep(WAIT_POLL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
    }

    /** Records that the replica failed a query, so reads go to the primary until it answers again. */
    public void markDown(Exception cause) {
        if (up) {
            LOG.warn("Replica unreachable, reads go to the primary until it answers: {}", cause.toString());
        }
        up = false;
        error = cause.getMessage();
    }

    private @Nullable Lsn readReplica(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet row = statement.executeQuery(REPLICA)) {
            row.next();
            String position = row.getString(1);
            if (!up) {
                LOG.info("Replica answers again; reads go back to it");
            }
            up = true;
            error = null;
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
