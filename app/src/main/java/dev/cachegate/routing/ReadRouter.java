package dev.cachegate.routing;

import dev.cachegate.problem.DependencyUnavailableException;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Named;
import jakarta.inject.Singleton;

import java.sql.Connection;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;

/**
 * Chooses the database for a read, among the replicas ({@link ReplicaTracker}, one per replica datasource) and the
 * primary. A replica <em>serves</em> while it answers its tracker and lags at most {@code max-replica-lag}.
 *
 * <ul>
 *   <li>No causal token: the serving replicas in turn (round-robin, one counter per instance).</li>
 *   <li>A token some serving replicas have replayed (as tracked, no query): those, in turn.</li>
 *   <li>A token none has: wait up to {@code max-wait}, asking the serving replicas directly, each round in turn; the
 *       first that has replayed it serves the read; then the primary.</li>
 *   <li>A token beyond the newest primary position this instance knows (asked again at most every
 *       {@value #PRIMARY_REFRESH_MILLIS} ms): no write ever issued it, so nothing is waited for; the primary, at
 *       once. A forged {@code FFFFFFFF/FFFFFFFF} costs one read instead of {@code max-wait} of replica polls.</li>
 *   <li>No replica serving (each down, or lagging past {@code max-replica-lag}): the primary, for every read.</li>
 *   <li>A read sent to a replica that cannot get a connection: that replica is marked down and the read retried on
 *       the primary.</li>
 * </ul>
 * With {@code read-your-writes.enabled=false} tokens are ignored, which is how the stale read is demonstrated.
 * Every read is counted in {@code cachegate_db_reads_total{target, reason}}, {@code target} being the datasource
 * that served it ({@code primary}, {@code replica}, {@code replica2}…).
 */
@Singleton
public final class ReadRouter {

    /** The header that carries a causal token: in write responses, and in reads that want to see that write. */
    public static final String TOKEN_HEADER = "X-Consistency-Token";

    /** How often a token ahead of the known primary position may make this instance ask the primary again. */
    static final long PRIMARY_REFRESH_MILLIS = 5;

    private static final long WAIT_POLL_MILLIS = 5;

    private final List<ReplicaTracker> replicas;
    private final DataSource primary;
    private final RoutingConfig config;
    private final MeterRegistry meters;
    private final Timer waits;
    private final AtomicInteger turn = new AtomicInteger();
    private final AtomicLong newestPrimary = new AtomicLong();
    private final AtomicLong primaryAskedAt = new AtomicLong(System.nanoTime() - TimeUnit.SECONDS.toNanos(1));

    ReadRouter(List<ReplicaTracker> replicas, @Named(Databases.PRIMARY) DataSource primary, RoutingConfig config,
               MeterRegistry meters) {
        this.replicas = replicas.stream().sorted(Comparator.comparing(ReplicaTracker::name)).toList();
        this.primary = primary;
        this.config = config;
        this.meters = meters;
        this.waits = Timer.builder("cachegate.db.read.wait").description("Reads that waited for a replica")
                .register(meters);
    }

    /**
     * @param token the read's causal token, or null
     * @param work  the read
     * @param <T>   its result
     * @return the read's result
     */
    public <T> T read(@Nullable Lsn token, Databases.Work<T> work) {
        Route route = route(token);
        if (route.replica() == null) {
            return onPrimary(route.reason(), work);
        }
        ReplicaTracker replica = route.replica();
        try {
            T result = Databases.query(replica.dataSource(), replica.name(), work);
            count(replica.name(), route.reason());
            return result;
        } catch (DependencyUnavailableException e) {
            replica.markDown(e);
            return onPrimary("replica-failed", work);
        }
    }

    /** @return the replicas, by name */
    public List<ReplicaTracker> replicas() {
        return replicas;
    }

    /** @return the primary, for writes */
    public DataSource primary() {
        return primary;
    }

    private record Route(@Nullable ReplicaTracker replica, String reason) {
    }

    private Route route(@Nullable Lsn token) {
        List<ReplicaTracker> serving = new ArrayList<>(replicas.size());
        boolean anyUp = false;
        for (ReplicaTracker replica : replicas) {
            anyUp |= replica.isUp();
            if (replica.serves()) {
                serving.add(replica);
            }
        }
        if (serving.isEmpty()) {
            return new Route(null, anyUp ? "replica-lagging" : "replica-down");
        }
        if (token == null || !config.readYourWrites()) {
            return new Route(next(serving), token == null ? "no-token" : "read-your-writes-off");
        }
        List<ReplicaTracker> caughtUp = serving.stream().filter(replica -> replica.hasReplayed(token)).toList();
        if (!caughtUp.isEmpty()) {
            return new Route(next(caughtUp), "caught-up");
        }
        if (aheadOfPrimary(token)) {
            return new Route(null, "token-ahead-of-primary");
        }
        long start = System.nanoTime();
        ReplicaTracker replayed = awaitReplay(serving, token, start + config.maxWait().toNanos());
        waits.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
        return replayed == null ? new Route(null, "read-your-writes") : new Route(replayed, "waited");
    }

    private ReplicaTracker next(List<ReplicaTracker> candidates) {
        return candidates.get(Math.floorMod(turn.getAndIncrement(), candidates.size()));
    }

    /** @return the first of {@code candidates} seen to have replayed {@code token} before {@code deadline}, or null */
    private @Nullable ReplicaTracker awaitReplay(List<ReplicaTracker> candidates, Lsn token, long deadline) {
        List<ReplicaTracker> waiting = new ArrayList<>(candidates);
        Collections.rotate(waiting, -Math.floorMod(turn.getAndIncrement(), waiting.size()));
        while (true) {
            for (Iterator<ReplicaTracker> it = waiting.iterator(); it.hasNext(); ) {
                ReplicaTracker replica = it.next();
                switch (replica.ask(token)) {
                    case REPLAYED -> {
                        return replica;
                    }
                    case FAILED -> it.remove();
                    case BEHIND -> {
                    }
                }
            }
            if (waiting.isEmpty() || System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(WAIT_POLL_MILLIS) > deadline) {
                return null;
            }
            try {
                Thread.sleep(WAIT_POLL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            }
        }
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
