package dev.cachegate.routing;

import dev.cachegate.problem.DependencyUnavailableException;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Named;
import jakarta.inject.Singleton;

import javax.sql.DataSource;
import java.sql.Connection;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Chooses the database for a read.
 *
 * <ul>
 *   <li>No causal token: the replica.</li>
 *   <li>A token the replica has replayed (as tracked, no query): the replica.</li>
 *   <li>A token it has not: wait up to {@code max-wait} for the replica, asking it directly; then the primary.</li>
 *   <li>A token beyond the newest primary position this instance knows (asked again at most every
 *       {@value #PRIMARY_REFRESH_MILLIS} ms): no write ever issued it, so nothing is waited for; the primary, at
 *       once. A forged {@code FFFFFFFF/FFFFFFFF} costs one read instead of {@code max-wait} of replica polls.</li>
 *   <li>Replica down, or lagging past {@code max-replica-lag}: the primary, for every read.</li>
 *   <li>A read sent to the replica that cannot get a connection: retried on the primary.</li>
 * </ul>
 * With {@code read-your-writes.enabled=false} tokens are ignored, which is how the stale read is demonstrated.
 * Every read is counted in {@code cachegate_db_reads_total{target, reason}}.
 */
@Singleton
public final class ReadRouter {

    /** The header that carries a causal token: in write responses, and in reads that want to see that write. */
    public static final String TOKEN_HEADER = "X-Consistency-Token";

    /** How often a token ahead of the known primary position may make this instance ask the primary again. */
    static final long PRIMARY_REFRESH_MILLIS = 5;

    private final DataSource replica;
    private final DataSource primary;
    private final ReplicaTracker tracker;
    private final RoutingConfig config;
    private final MeterRegistry meters;
    private final Timer waits;
    private final AtomicLong newestPrimary = new AtomicLong();
    private final AtomicLong primaryAskedAt = new AtomicLong(System.nanoTime() - TimeUnit.SECONDS.toNanos(1));

    ReadRouter(@Named(Databases.REPLICA) DataSource replica, @Named(Databases.PRIMARY) DataSource primary,
               ReplicaTracker tracker, RoutingConfig config, MeterRegistry meters) {
        this.replica = replica;
        this.primary = primary;
        this.tracker = tracker;
        this.config = config;
        this.meters = meters;
        this.waits = Timer.builder("cachegate.db.read.wait").description("Reads that waited for the replica")
                .register(meters);
    }

    /**
     * @param token the read's causal token, or null
     * @param work  the read
     * @param <T>   its result
     * @return the read's result
     */
    public <T> T read(@Nullable Lsn token, Databases.Work<T> work) {
        String reason = route(token);
        if (!reason.startsWith("replica:")) {
            return onPrimary(reason, work);
        }
        try {
            T result = Databases.query(replica, Databases.REPLICA, work);
            count("replica", reason.substring("replica:".length()));
            return result;
        } catch (DependencyUnavailableException e) {
            tracker.markDown(e);
            return onPrimary("replica-failed", work);
        }
    }

    /** @return the primary, for writes */
    public DataSource primary() {
        return primary;
    }

    private String route(@Nullable Lsn token) {
        if (!tracker.isUp()) {
            return "replica-down";
        }
        if (tracker.lagSeconds() * 1000 > config.maxReplicaLag().toMillis()) {
            return "replica-lagging";
        }
        if (token == null || !config.readYourWrites()) {
            return "replica:" + (token == null ? "no-token" : "read-your-writes-off");
        }
        if (tracker.hasReplayed(token)) {
            return "replica:caught-up";
        }
        if (aheadOfPrimary(token)) {
            return "token-ahead-of-primary";
        }
        long start = System.nanoTime();
        boolean replayed = tracker.awaitReplay(token, config.maxWait());
        waits.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
        return replayed ? "replica:waited" : "read-your-writes";
    }

    private <T> T onPrimary(String reason, Databases.Work<T> work) {
        T result = Databases.query(primary, Databases.PRIMARY, work);
        count("primary", reason);
        return result;
    }

    private void count(String target, String reason) {
        meters.counter("cachegate.db.reads", "target", target, "reason", reason).increment();
    }

    /**
     * Reads the primary's current WAL insert position: the causal token of writes that have committed.
     *
     * @return the token
     */
    public Lsn writeToken() {
        Lsn token = Databases.query(primary, Databases.PRIMARY, (Connection connection) ->
                Lsn.parse(WalPositions.current(connection)));
        newestPrimary.accumulateAndGet(token.value(), (a, b) -> Long.compareUnsigned(a, b) >= 0 ? a : b);
        return token;
    }

    /** @return whether the token is beyond every primary position, asking the primary again if it may have moved */
    private boolean aheadOfPrimary(Lsn token) {
        if (Long.compareUnsigned(token.value(), newestPrimary.get()) <= 0) {
            return false;
        }
        long asked = primaryAskedAt.get();
        long now = System.nanoTime();
        if (now - asked >= TimeUnit.MILLISECONDS.toNanos(PRIMARY_REFRESH_MILLIS)
                && primaryAskedAt.compareAndSet(asked, now)) {
            try {
                writeToken();
            } catch (DependencyUnavailableException e) {
                return false;
            }
        }
        return Long.compareUnsigned(token.value(), newestPrimary.get()) > 0;
    }
}
