package dev.cachegate.catalog.internal;

import dev.cachegate.cache.CacheSettings;
import dev.cachegate.cache.Strategy;
import dev.cachegate.cache.CacheOverloadedException;
import dev.cachegate.cache.VersionedCache;
import dev.cachegate.catalog.Product;
import dev.cachegate.catalog.ProductRepository;
import dev.cachegate.catalog.WarmupConfig;
import io.micronaut.runtime.event.annotation.EventListener;
import io.micronaut.runtime.server.event.ServerStartupEvent;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongPredicate;
import java.util.function.Supplier;

/**
 * Makes a starting instance able to serve at its warm speed before {@code /health/readiness} (through
 * {@link CatalogHealth#warmup}) lets traffic in.
 *
 * <p>Why: a fresh instance met its first traffic with an empty L1, database pools that had one connection, and a JVM
 * that interprets the serving path. At the benchmark's sustained rate it answered with a p99 of 7–9 s and shed
 * {@code 503 overloaded} for the first seconds, because every request was a miss that the bulkhead had to queue and
 * every miss ran slow, uncompiled code. The warm-up does, in order and in the background after the server listens:
 * <ol>
 *   <li>the hot set, ids 1..{@code hot-set}, read from the database a page per query and offered to L2 (as the
 *       {@link CatalogPreload} does for the whole catalog, and with the same fence: L2 keeps a value only where it
 *       holds nothing newer, a tombstone included); a catalog that ends sooner ends the hot set at its last id;</li>
 *   <li>the first {@value #JIT_IDS} hot ids read through the cache into this instance's L1 ({@code l1Head});</li>
 *   <li>{@code requests} {@code GET /products/{id}} of those ids to its own port, {@code concurrency} connections
 *       at a time, so that the serving path (the event loop's L1-hit path, the filters, the encoder) is compiled (the
 *       JIT compiles a method after some thousands of calls: HotSpot's {@code Tier4InvocationThreshold} is 5,000).
 *       They are L1 hits, like nearly every request the instance will serve, so the profile the JIT compiles from
 *       is that of the hit path, not of the miss path a cold id takes;</li>
 *   <li>every hot id read through the cache into L1, {@code concurrency} at a time, on code steps 2 and 3
 *       compiled.</li>
 * </ol>
 * The database pools are primed by Hikari itself ({@code minimum-idle} equal to {@code maximum-pool-size}).
 *
 * <p>Failure policy: the warm-up never stops the instance from serving. A page L2 refuses is offered again, up to
 * five times; a page that cannot be read or offered then (the database or the cache Redis down) ends step 1, and the
 * reads into L1 come from wherever the cache can; a read the bulkhead sheds, or any other failed read or request, is
 * counted and skipped. Whatever is left when {@code max-duration}
 * passes is abandoned, and readiness opens with the instance as warm as it got; {@code /health} shows how far each
 * step came.
 */
@Singleton
final class Warmup {

    private static final Logger LOG = LoggerFactory.getLogger(Warmup.class);
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(5);
    private static final int PAGE_SIZE = 250;
    private static final int PAGE_ATTEMPTS = 5;
    private static final long JIT_IDS = 1000;

    /** Where the warm-up is, for {@code /health}. */
    enum State { DISABLED, WAITING, RUNNING, DONE, TIMED_OUT }

    private final WarmupConfig config;
    private final ProductRepository products;
    private final VersionedCache<Product> cache;
    private final boolean cached;
    private final Map<String, Object> steps = new LinkedHashMap<>();
    private volatile State state;
    private volatile long deadline;
    private volatile boolean stopped;
    private volatile ExecutorService workers;
    private volatile long hotIds;

    Warmup(WarmupConfig config, CacheSettings cacheConfig, ProductRepository products, VersionedCache<Product> cache) {
        this.config = config;
        this.products = products;
        this.cache = cache;
        this.cached = cacheConfig.strategy() != Strategy.NONE;
        this.state = config.enabled() ? State.WAITING : State.DISABLED;
        this.hotIds = config.hotSet();
    }

    @EventListener
    void start(ServerStartupEvent event) {
        if (state != State.WAITING) {
            return;
        }
        state = State.RUNNING;
        deadline = System.nanoTime() + config.maxDuration().toNanos();
        URI base = URI.create("http://127.0.0.1:" + event.getSource().getPort());
        Thread.ofPlatform().name("cachegate-warmup").daemon().start(() -> run(base));
    }

    private void run(URI base) {
        long started = System.nanoTime();
        try {
            boolean hotSet = cached && config.hotSet() > 0;
            if (hotSet) {
                step("l2", this::offerHotSet);
            }
            long jitIds = Math.max(1, Math.min(hotIds, JIT_IDS));
            if (hotSet) {
                step("l1Head", () -> parallel(jitIds, this::readIntoL1));
            }
            if (config.requests() > 0) {
                try (HttpClient client = HttpClient.newBuilder().connectTimeout(REQUEST_TIMEOUT).build()) {
                    step("requests", () -> parallel(config.requests(),
                            n -> request(client, base, 1 + (n - 1) % jitIds)));
                }
            }
            if (hotSet) {
                step("l1", () -> parallel(hotIds, this::readIntoL1));
            }
        } finally {
            state = pastDeadline() ? State.TIMED_OUT : State.DONE;
            LOG.info("Warm-up {} in {} ms: {}", state.name().toLowerCase(Locale.ROOT),
                    (System.nanoTime() - started) / 1_000_000, describe());
        }
    }

    private void step(String name, Supplier<Map<String, Object>> step) {
        long started = System.nanoTime();
        Map<String, Object> result = step.get();
        result.put("ms", (System.nanoTime() - started) / 1_000_000);
        synchronized (steps) {
            steps.put(name, result);
        }
    }

    /** Step 1; also ends the hot set at the catalog's last id within it, so that step 2 loads no missing ids. */
    private Map<String, Object> offerHotSet() {
        long after = 0;
        long lastInHotSet = 0;
        long offered = 0;
        long kept = 0;
        try {
            while (after < config.hotSet() && !pastDeadline()) {
                List<Product> page = products.findPage(after, (int) Math.min(PAGE_SIZE, config.hotSet() - after));
                if (page.isEmpty()) {
                    break;
                }
                kept += offer(page);
                offered += page.size();
                after = page.get(page.size() - 1).id();
                for (Product product : page) {
                    lastInHotSet = product.id() <= config.hotSet() ? product.id() : lastInHotSet;
                }
            }
        } catch (RuntimeException e) {
            LOG.warn("Warm-up: hot set not offered to L2 after product {}; L1 reads from wherever the cache can: {}",
                    after, e.toString());
            return counts("offered", offered, "kept", kept, "stoppedBy", e.toString());
        }
        if (!pastDeadline()) {
            hotIds = lastInHotSet;
        }
        return counts("offered", offered, "kept", kept, "lastId", lastInHotSet);
    }

    /** Offers one page, trying again on a failure: a starting JVM's first Redis calls can pass the L2 timeout. */
    private int offer(List<Product> page) {
        for (int attempt = 1; ; attempt++) {
            try {
                return cache.preload(CatalogPreload.byId(page));
            } catch (IllegalStateException e) {
                if (attempt == PAGE_ATTEMPTS || pastDeadline()) {
                    throw e;
                }
            }
        }
    }

    private boolean readIntoL1(long id) {
        try {
            cache.get(id);
            return true;
        } catch (CacheOverloadedException e) {
            return false;
        }
    }

    private boolean request(HttpClient client, URI base, long id) {
        HttpRequest request = HttpRequest.newBuilder(base.resolve("/products/" + id)).timeout(REQUEST_TIMEOUT)
                .header("User-Agent", "cachegate-warmup").build();
        try {
            int status = client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
            return status == 200 || status == 404;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Runs {@code task} for 1..count on {@code concurrency} threads until done, the deadline or a stop. */
    private Map<String, Object> parallel(long count, LongPredicate task) {
        AtomicLong next = new AtomicLong(1);
        AtomicLong done = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        ExecutorService pool = Executors.newFixedThreadPool(config.concurrency(),
                Thread.ofPlatform().name("cachegate-warmup-", 1).daemon().factory());
        workers = pool;
        try (pool) {
            for (int i = 0; i < config.concurrency(); i++) {
                pool.execute(() -> {
                    long n;
                    while (!pastDeadline() && (n = next.getAndIncrement()) <= count) {
                        try {
                            (task.test(n) ? done : failed).incrementAndGet();
                        } catch (RuntimeException e) {
                            failed.incrementAndGet();
                        }
                    }
                });
            }
        }
        return counts("of", count, "done", done.get(), "failed", failed.get());
    }

    private static Map<String, Object> counts(Object... namesAndValues) {
        Map<String, Object> counts = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            counts.put((String) namesAndValues[i], namesAndValues[i + 1]);
        }
        return counts;
    }

    private boolean pastDeadline() {
        return stopped || System.nanoTime() - deadline > 0;
    }

    /** @return true while the warm-up holds readiness closed */
    boolean warming() {
        return state == State.WAITING || state == State.RUNNING && !pastDeadline();
    }

    @PreDestroy
    void stop() {
        stopped = true;
        ExecutorService running = workers;
        if (running != null) {
            running.shutdownNow();
        }
    }

    /** @return what {@code /health} shows */
    Map<String, Object> describe() {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("state", state.name().toLowerCase(Locale.ROOT));
        if (state == State.DISABLED) {
            details.put("reason", "cachegate.catalog.warmup.enabled=false");
            return details;
        }
        details.put("hotSet", cached ? config.hotSet() : "skipped: strategy none caches nothing");
        details.put("maxDuration", config.maxDuration().toString());
        synchronized (steps) {
            details.putAll(steps);
        }
        return details;
    }
}
