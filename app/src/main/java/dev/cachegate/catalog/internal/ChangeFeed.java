package dev.cachegate.catalog.internal;

import com.github.benmanes.caffeine.cache.Ticker;
import dev.cachegate.cache.CacheSettings;
import dev.cachegate.cache.InvalidationFaults;
import dev.cachegate.cache.VersionedCache;
import dev.cachegate.cache.Watermark;
import dev.cachegate.catalog.ChangeFeedConfig;
import dev.cachegate.catalog.Product;
import dev.cachegate.routing.Databases;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.exceptions.ConfigurationException;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * This instance's consumer of the catalog's change stream ({@code catalog_changes}, written with every price change in
 * its transaction): every {@code poll-interval} it reads the changes after its position from the primary, applies each
 * to the product cache ({@link VersionedCache#changed}: L1 here, L2), and then advances the {@link Watermark} to the
 * moment the poll started. At least once and idempotent: a change is applied again after any failure, and applying it
 * twice changes nothing. Pub/sub usually delivers a change first; this is what bounds staleness when it does not.
 *
 * <p>The first poll runs before startup completes, so an instance that can reach the primary serves cached entries
 * from its first request. At startup the position is set to replay the changes of the last L2 TTL, so that an L2 entry no running instance
 * could invalidate (every instance down when a writer crashed after its commit) is tombstoned before it is trusted.
 * Once a minute the stream is pruned to {@code retention}.
 *
 * <p>Failure policy: a poll that cannot reach the primary, or a change that L2 cannot take, leaves position and
 * watermark where they are and is retried at the next interval, logged once per outage and counted in
 * {@code cachegate.changes.failures}. The watermark then ages; past {@code max-lag} the cache stops serving entries
 * and reads go to the database, and {@code /health} says so, until the stream is applied again.
 */
@Context
@Singleton
final class ChangeFeed implements AutoCloseable {

    /** The advisory lock every writer of the stream takes, so that sequence order is commit order. */
    static final long STREAM_LOCK = 0x63616368_65676174L;

    private static final Logger LOG = LoggerFactory.getLogger(ChangeFeed.class);
    private static final String READ = "SELECT seq, product_id, version FROM catalog_changes WHERE seq > ? "
            + "ORDER BY seq LIMIT ?";
    private static final String REPLAY_FROM = "SELECT coalesce((SELECT min(seq) - 1 FROM catalog_changes "
            + "WHERE committed_at > now() - ? * interval '1 millisecond'), (SELECT max(seq) FROM catalog_changes), 0)";
    private static final String PRUNE = "DELETE FROM catalog_changes WHERE committed_at < now() - ? * interval "
            + "'1 millisecond' AND seq < ?";
    private static final long PRUNE_EVERY_NANOS = TimeUnit.MINUTES.toNanos(1);

    private final DataSource primary;
    private final VersionedCache<Product> cache;
    private final Watermark watermark;
    private final ChangeFeedConfig config;
    private final CacheSettings cacheConfig;
    private final InvalidationFaults faults;
    private final LongSupplier nanoTime;
    private final Counter applied;
    private final Counter databaseFailures;
    private final Counter cacheFailures;
    private final ScheduledExecutorService thread;
    private long position = -1;
    private long lastPrune;
    private volatile boolean failing;

    @Inject
    ChangeFeed(@Named(Databases.PRIMARY) DataSource primary, VersionedCache<Product> cache, Watermark watermark,
               ChangeFeedConfig config, CacheSettings cacheConfig, InvalidationFaults faults, MeterRegistry meters,
               Ticker ticker) throws InterruptedException, ExecutionException {
        this(primary, cache, watermark, config, cacheConfig, faults, meters, (LongSupplier) ticker::read);
        if (config.enabled()) {
            thread.submit(this::poll).get();
            thread.scheduleWithFixedDelay(this::poll, config.pollInterval().toNanos(), config.pollInterval().toNanos(),
                    TimeUnit.NANOSECONDS);
        }
    }

    ChangeFeed(DataSource primary, VersionedCache<Product> cache, Watermark watermark, ChangeFeedConfig config,
               CacheSettings cacheConfig, InvalidationFaults faults, MeterRegistry meters, LongSupplier nanoTime) {
        if (config.enabled() && config.retention().compareTo(cacheConfig.l2().ttl()) < 0) {
            throw new ConfigurationException("cachegate.catalog.changes.retention must be at least "
                    + "cachegate.catalog.cache.l2.ttl (" + cacheConfig.l2().ttl() + ") but was " + config.retention());
        }
        this.primary = primary;
        this.cache = cache;
        this.watermark = watermark;
        this.config = config;
        this.cacheConfig = cacheConfig;
        this.faults = faults;
        this.nanoTime = nanoTime;
        this.applied = Counter.builder("cachegate.changes.applied").tag("cache", ProductCacheFactory.NAME)
                .description("Changes from the change stream applied to this instance's caches").register(meters);
        this.databaseFailures = failures(meters, "database");
        this.cacheFailures = failures(meters, "cache");
        this.thread = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread daemon = new Thread(runnable, "change-feed");
            daemon.setDaemon(true);
            return daemon;
        });
    }

    private static Counter failures(MeterRegistry meters, String reason) {
        return Counter.builder("cachegate.changes.failures").tag("cache", ProductCacheFactory.NAME)
                .tag("reason", reason).description("Polls of the change stream that could not be applied")
                .register(meters);
    }

    /** Reads and applies the stream until it is caught up; one poll. */
    void poll() {
        if (faults.paused()) {
            return;
        }
        long started = nanoTime.getAsLong();
        try (Connection connection = primary.getConnection()) {
            if (position < 0) {
                position = replayFrom(connection);
            }
            while (true) {
                Batch batch = read(connection);
                if (!batch.complete) {
                    return;
                }
                if (batch.caughtUp) {
                    watermark.advance(position, started);
                    recovered();
                    prune(connection);
                    return;
                }
            }
        } catch (SQLException | RuntimeException e) {
            databaseFailures.increment();
            fail("Cannot read the change stream on the primary: " + e);
        }
    }

    private record Batch(boolean complete, boolean caughtUp) {
    }

    private Batch read(Connection connection) throws SQLException {
        int rows = 0;
        try (PreparedStatement statement = connection.prepareStatement(READ)) {
            statement.setLong(1, position);
            statement.setInt(2, config.batchSize());
            try (ResultSet changes = statement.executeQuery()) {
                while (changes.next()) {
                    rows++;
                    if (!cache.changed(changes.getLong(2), changes.getLong(3))) {
                        cacheFailures.increment();
                        fail("L2 cannot take change " + changes.getLong(1) + " (product " + changes.getLong(2)
                                + "); retrying, cached entries stop being served after "
                                + "cachegate.catalog.changes.max-lag=" + config.maxLag());
                        return new Batch(false, false);
                    }
                    position = changes.getLong(1);
                    applied.increment();
                }
            }
        }
        return new Batch(true, rows < config.batchSize());
    }

    private long replayFrom(Connection connection) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(REPLAY_FROM)) {
            statement.setLong(1, cacheConfig.l2().ttl().toMillis());
            try (ResultSet row = statement.executeQuery()) {
                row.next();
                long from = row.getLong(1);
                LOG.info("Change stream: replaying from position {} (the last cachegate.catalog.cache.l2.ttl={})",
                        from, cacheConfig.l2().ttl());
                return from;
            }
        }
    }

    private void prune(Connection connection) throws SQLException {
        long now = nanoTime.getAsLong();
        if (lastPrune != 0 && now - lastPrune < PRUNE_EVERY_NANOS) {
            return;
        }
        lastPrune = now;
        try (PreparedStatement statement = connection.prepareStatement(PRUNE)) {
            statement.setLong(1, config.retention().toMillis());
            statement.setLong(2, position);
            statement.executeUpdate();
        }
    }

    private void recovered() {
        if (failing) {
            LOG.info("Change stream applied again up to position {}", position);
        }
        failing = false;
    }

    private void fail(String message) {
        if (!failing) {
            LOG.warn(message);
        }
        failing = true;
    }

    /** @return this instance's position and watermark, for {@code /health} */
    Watermark watermark() {
        return watermark;
    }

    /** @return whether the stream drives freshness (false: the TTL-only design) */
    boolean enabled() {
        return config.enabled();
    }

    @Override
    @PreDestroy
    public void close() {
        thread.shutdownNow();
    }
}
