package dev.cachegate.catalog.internal;

import com.github.benmanes.caffeine.cache.Ticker;
import dev.cachegate.cache.CacheSettings;
import dev.cachegate.cache.Strategy;
import dev.cachegate.cache.RedisConnector;
import dev.cachegate.cache.VersionedCache;
import dev.cachegate.catalog.ChangeFeedConfig;
import dev.cachegate.catalog.PreloadConfig;
import dev.cachegate.catalog.Product;
import dev.cachegate.catalog.ProductRepository;
import dev.cachegate.redis.RedisRole;
import io.lettuce.core.SetArgs;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.BeanProvider;
import io.micronaut.context.event.StartupEvent;
import io.micronaut.context.exceptions.ConfigurationException;
import io.micronaut.runtime.event.annotation.EventListener;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.TaskScheduler;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * Puts the whole catalog into L2, once per cluster, and again whenever the cache Redis no longer holds it.
 *
 * <p>Why: 1% of the catalog's reads spread over the 4.95 million products outside the hot set, so nearly every one
 * of them is the first read of its product for hours. Loaded on demand, each is a database load (the catalog's
 * uncached P99 is 250 ms), and at 1% of requests those loads are the P99 itself: the 50 ms SLO cannot hold. The whole
 * catalog fits in the cache Redis (README, Sizing: 2.3–4.1 GB for 5 million), so it is read once, in id order, a page
 * per query, and written a page per pipelined round trip. The change stream keeps those entries current as it keeps
 * loaded ones, so they can live the long L2 TTL.
 *
 * <p>Once per cluster: every {@code check-interval} each instance looks for the marker a finished preload leaves in
 * the cache Redis ({@value #MARKER}, which expires after {@code refresh-every}); without it, the instance that takes
 * the lease ({@value #LEASE}, renewed every page, released at the end) runs the preload. A flushed, evicted or restarted cache Redis loses
 * the marker with the entries, so the preload runs again within {@code check-interval}.
 *
 * <p>Correctness: each value is offered with its version and L2 keeps it only where it holds nothing newer, a
 * tombstone of a later change included ({@link VersionedCache#preload}), so a page read before a change committed
 * cannot bring back the old price; this is the same fence every cache load passes. Values are read through the
 * read router, so a replica too far behind is not read.
 *
 * <p>Failure policy: a page that cannot be read or written stops the run, logged and counted in
 * {@code cachegate.catalog.preload.runs{outcome=failed}}, and releases the lease; the next check here resumes after
 * the last page written (another instance that takes over starts from the first). Writes go through the L2 breaker
 * and command timeout like any L2 call. Reads meanwhile load on demand as without a preload.
 */
@Singleton
final class CatalogPreload {

    static final String MARKER = "cachegate:preload:products";
    static final String LEASE = "cachegate:preload:products:lease";

    private static final Logger LOG = LoggerFactory.getLogger(CatalogPreload.class);

    /** What this instance knows of the preload, for {@code /health}. */
    enum State { DISABLED, WAITING, RUNNING, DONE, FAILED }

    private final PreloadConfig config;
    private final ProductRepository products;
    private final VersionedCache<Product> cache;
    private final RedisConnector<RedisRole> redis;
    private final TaskScheduler scheduler;
    private final String disabledBecause;
    private final String token = UUID.randomUUID().toString();
    private final Counter rowsRead;
    private final Counter stored;
    private final Counter done;
    private final Counter failed;
    private volatile State state;
    private volatile String lastRun = "none";
    private volatile String marker;
    private volatile long resumeAfter;
    private volatile boolean stopped;

    CatalogPreload(PreloadConfig config, CacheSettings cacheConfig, ChangeFeedConfig changes,
                   ProductRepository products, VersionedCache<Product> cache,
                   @Named("cache") BeanProvider<RedisRole> redis,
                   @Named(TaskExecutors.SCHEDULED) TaskScheduler scheduler, MeterRegistry meters, Ticker ticker) {
        this.config = config;
        this.products = products;
        this.cache = cache;
        this.redis = new RedisConnector<>("cache", redis, ticker);
        this.scheduler = scheduler;
        this.disabledBecause = disabledBecause(config, cacheConfig, changes);
        if (disabledBecause == null) {
            Duration renewBefore = Duration.ofMillis(Math.round(cacheConfig.l2().ttl().toMillis()
                    * (1 - cacheConfig.jitter())));
            if (config.refreshEvery().compareTo(renewBefore) >= 0) {
                throw new ConfigurationException("cachegate.catalog.preload.refresh-every must be shorter than "
                        + "cachegate.catalog.cache.l2.ttl (" + cacheConfig.l2().ttl() + ") less its jitter ("
                        + cacheConfig.jitter() + "), " + renewBefore + ", but was " + config.refreshEvery());
            }
        }
        this.state = disabledBecause == null ? State.WAITING : State.DISABLED;
        this.rowsRead = Counter.builder("cachegate.catalog.preload.rows")
                .description("Catalog rows read from the database by the L2 preload").register(meters);
        this.stored = Counter.builder("cachegate.catalog.preload.stored")
                .description("Preloaded values L2 kept (not older than what it held)").register(meters);
        this.done = runs(meters, "done");
        this.failed = runs(meters, "failed");
    }

    private static Counter runs(MeterRegistry meters, String outcome) {
        return Counter.builder("cachegate.catalog.preload.runs").tag("outcome", outcome)
                .description("L2 preloads this instance ran").register(meters);
    }

    private static @Nullable String disabledBecause(PreloadConfig config, CacheSettings cache, ChangeFeedConfig changes) {
        if (!config.enabled()) {
            return "cachegate.catalog.preload.enabled=false";
        }
        if (cache.strategy() == Strategy.NONE || !cache.l2().enabled()) {
            return "the product cache has no L2 (strategy none or cachegate.catalog.cache.l2.enabled=false)";
        }
        if (!changes.enabled()) {
            return "the TTL-only design (cachegate.catalog.changes.enabled=false): only the change stream lets "
                    + "entries live long enough to be worth preloading";
        }
        return null;
    }

    @EventListener
    void start(StartupEvent event) {
        if (disabledBecause != null) {
            LOG.info("Catalog preload off: {}", disabledBecause);
            return;
        }
        scheduler.scheduleWithFixedDelay(Duration.ZERO, config.checkInterval(), this::check);
    }

    /** Runs the preload here if the cache Redis holds no finished one and no other instance is running one. */
    void check() {
        if (stopped) {
            return;
        }
        try {
            RedisClusterCommands<String, String> commands = redis.get().sync();
            marker = commands.get(MARKER);
            if (marker != null
                    || !"OK".equals(commands.set(LEASE, token, SetArgs.Builder.nx().px(config.lease().toMillis())))) {
                return;
            }
            run(commands);
        } catch (RuntimeException e) {
            if (stopped) {
                return;
            }
            state = State.FAILED;
            failed.increment();
            LOG.warn("Catalog preload failed after product {}, resumed from there at the next check: {}", resumeAfter,
                    e.toString());
            release();
        }
    }

    private void release() {
        try {
            RedisClusterCommands<String, String> commands = redis.get().sync();
            if (token.equals(commands.get(LEASE))) {
                commands.del(LEASE);
            }
        } catch (RuntimeException e) {
            LOG.debug("Preload lease not released, it expires: {}", e.toString());
        }
    }

    private void run(RedisClusterCommands<String, String> commands) {
        state = State.RUNNING;
        long started = System.nanoTime();
        long rows = 0;
        long kept = 0;
        List<Product> page;
        while (!(page = products.findPage(resumeAfter, config.pageSize())).isEmpty()) {
            int keptNow = cache.preload(byId(page));
            rows += page.size();
            kept += keptNow;
            rowsRead.increment(page.size());
            stored.increment(keptNow);
            resumeAfter = page.get(page.size() - 1).id();
            commands.pexpire(LEASE, config.lease().toMillis());
        }
        resumeAfter = 0;
        double seconds = (System.nanoTime() - started) / 1e9;
        lastRun = String.format("%d rows read, %d kept, in %.1f s, finished %s", rows, kept, seconds, Instant.now());
        commands.set(MARKER, lastRun, SetArgs.Builder.px(config.refreshEvery().toMillis()));
        release();
        marker = lastRun;
        state = State.DONE;
        done.increment();
        LOG.info("Catalog preload: {}", lastRun);
    }

    /** @return the page by id, in its order, as {@link VersionedCache#preload} takes it */
    static Map<Long, Product> byId(List<Product> page) {
        Map<Long, Product> values = new LinkedHashMap<>(page.size() * 2);
        for (Product product : page) {
            values.put(product.id(), product);
        }
        return values;
    }

    @PreDestroy
    void stop() {
        stopped = true;
    }

    /** @return what {@code /health} shows */
    Map<String, Object> describe() {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("state", state.name().toLowerCase(Locale.ROOT));
        if (disabledBecause != null) {
            details.put("reason", disabledBecause);
            return details;
        }
        details.put("inCacheRedis", marker != null);
        details.put("lastRun", marker == null ? "none in the cache Redis" : marker);
        details.put("lastRunHere", lastRun);
        if (marker == null) {
            details.put("impact", "reads of products outside L1 and L2 load from the database until a preload "
                    + "finishes");
        }
        return details;
    }
}
