package dev.cachegate.bench;

import dev.cachegate.cache.VersionedCache;
import dev.cachegate.catalog.Product;
import dev.cachegate.catalogdata.PopularityModel;
import dev.cachegate.embedded.EmbeddedServers;
import io.micronaut.context.ApplicationContext;
import io.micronaut.core.type.Argument;
import org.HdrHistogram.Histogram;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongConsumer;

/** What the in-process benchmarks share: cachegate on the embedded servers, threads, histograms, exit. */
final class BenchSupport {

    /** Highest latency a histogram tracks: an hour, in nanoseconds. */
    static final long HIGHEST_TRACKABLE_NANOS = 3_600_000_000_000L;
    /** Length of a drawn id sequence; a power of two, so indexes wrap with a mask. */
    static final int ID_SEQUENCE_LENGTH = 1 << 16;

    private static final int DEADLINE_CHECK_INTERVAL = 256;

    private static final Duration LONG_TTL = Duration.ofMinutes(10);
    private static final Duration LINGER_GRACE = Duration.ofSeconds(5);

    private BenchSupport() {
    }

    /**
     * cachegate on the embedded servers, with both layers' TTLs (and the freshness budget) raised to 10 minutes so
     * that entries warmed at the start of a measurement do not expire during it, and no warm-up at startup.
     *
     * @param servers     the embedded Redis and PostgreSQL
     * @param instanceId  {@code cachegate.instance-id}
     * @param catalogSize products seeded into PostgreSQL
     * @return property name to value; callers add their overrides
     */
    static Map<String, Object> cachegateProperties(EmbeddedServers servers, String instanceId, int catalogSize) {
        Map<String, Object> properties = new LinkedHashMap<>(servers.properties());
        properties.put("micronaut.server.port", -1);
        properties.put("cachegate.instance-id", instanceId);
        properties.put("cachegate.admin-token", "bench-admin-token-not-a-secret");
        properties.put("cachegate.catalog.seed-products", catalogSize);
        properties.put("cachegate.catalog.warmup.enabled", false);
        properties.put("cachegate.catalog.preload.enabled", false);
        properties.put("cachegate.catalog.cache.l1.ttl", LONG_TTL.toSeconds() + "s");
        properties.put("cachegate.catalog.cache.l2.ttl", LONG_TTL.toSeconds() + "s");
        properties.put("cachegate.catalog.max-staleness", LONG_TTL.multipliedBy(2).toSeconds() + "s");
        return properties;
    }

    /** @return how long every cache in a benchmark keeps an entry */
    static Duration longTtl() {
        return LONG_TTL;
    }

    @SuppressWarnings("unchecked")
    static VersionedCache<Product> productCache(ApplicationContext context) {
        return (VersionedCache<Product>) context.getBean(Argument.of(VersionedCache.class, Product.class));
    }

    /** Logs at WARN unless {@code LOG_LEVEL} is set, so progress lines are not buried. */
    static void quietLogs() {
        if (System.getProperty("LOG_LEVEL") == null && System.getenv("LOG_LEVEL") == null) {
            System.setProperty("LOG_LEVEL", "WARN");
        }
    }

    static long[] drawIds(PopularityModel model, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        long[] ids = new long[ID_SEQUENCE_LENGTH];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = model.nextId(random);
        }
        return ids;
    }

    static double micros(Histogram histogram, double percentile) {
        return histogram.getValueAtPercentile(percentile) / 1000.0;
    }

    static double millis(Histogram histogram, double percentile) {
        return histogram.getValueAtPercentile(percentile) / 1_000_000.0;
    }

    static void joinAll(List<Thread> threads, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (Thread thread : threads) {
            try {
                long remaining = deadline - System.nanoTime();
                if (remaining <= 0 || !thread.join(Duration.ofNanos(remaining))) {
                    threads.forEach(Thread::interrupt);
                    throw new IllegalStateException(thread.getName() + " did not finish within " + timeout);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for " + thread.getName(), e);
            }
        }
    }

    static void awaitUninterruptibly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /**
     * After a successful run: waits briefly for the non-daemon threads that the servers and clients leave behind, and
     * exits the JVM if some are still running (under {@code exec:java} they would keep Maven waiting).
     */
    static void exitIfThreadsLinger() {
        List<Thread> lingering = awaitLingeringThreads(LINGER_GRACE);
        if (!lingering.isEmpty()) {
            System.out.println("(non-daemon threads still running after shutdown: "
                    + lingering.stream().map(Thread::getName).toList() + "; exiting)");
            exit(0);
        }
    }

    /**
     * After a failed run: rethrows when nothing would keep the JVM alive, else prints the failure and exits with 1.
     *
     * @param e the failure
     */
    static void fail(RuntimeException e) {
        if (lingeringThreads().isEmpty()) {
            throw e;
        }
        e.printStackTrace();
        exit(1);
    }

    static void progress(String tag, String format, Object... args) {
        System.out.printf(Locale.ROOT, "[" + tag + "] " + format + "%n", args);
        System.out.flush();
    }

    static void exit(int status) {
        System.out.flush();
        System.err.flush();
        System.exit(status);
    }

    private static List<Thread> awaitLingeringThreads(Duration grace) {
        long deadline = System.nanoTime() + grace.toNanos();
        List<Thread> lingering = lingeringThreads();
        while (!lingering.isEmpty() && System.nanoTime() < deadline) {
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            lingering = lingeringThreads();
        }
        return lingering;
    }

    private static List<Thread> lingeringThreads() {
        ThreadGroup ours = Thread.currentThread().getThreadGroup();
        return Thread.getAllStackTraces().keySet().stream()
                .filter(thread -> thread != Thread.currentThread() && thread.isAlive() && !thread.isDaemon())
                .filter(thread -> belongsTo(thread.getThreadGroup(), ours))
                .filter(thread -> !"DestroyJavaVM".equals(thread.getName()))
                .toList();
    }

    private static boolean belongsTo(ThreadGroup group, ThreadGroup ancestor) {
        for (ThreadGroup g = group; g != null; g = g.getParent()) {
            if (g == ancestor) {
                return true;
            }
        }
        return false;
    }

    /**
     * Calls {@code call} from {@code threads} platform threads over {@code ids} (each thread from its own offset)
     * until {@code duration} has passed or each thread has made {@code maxCallsPerThread} calls; the first failure
     * stops every thread and is rethrown.
     *
     * @return calls per second over all threads
     */
    static double throughput(String name, int threads, long[] ids, Duration duration, long maxCallsPerThread,
                             LongConsumer call) {
        LongAdder calls = new LongAdder();
        AtomicReference<RuntimeException> failure = new AtomicReference<>();
        CountDownLatch ready = new CountDownLatch(threads);
        CountDownLatch go = new CountDownLatch(1);
        long durationNanos = duration.toNanos();
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int offset = t * (ID_SEQUENCE_LENGTH / threads);
            workers.add(Thread.ofPlatform().daemon(true).name(name + "-throughput-" + t).start(() -> {
                long done = 0;
                try {
                    ready.countDown();
                    go.await();
                    long deadline = System.nanoTime() + durationNanos;
                    while (done < maxCallsPerThread && failure.get() == null) {
                        call.accept(ids[(int) ((offset + done) & (ID_SEQUENCE_LENGTH - 1))]);
                        done++;
                        if (done % DEADLINE_CHECK_INTERVAL == 0 && System.nanoTime() - deadline >= 0) {
                            break;
                        }
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    failure.compareAndSet(null, new IllegalStateException("interrupted"));
                } catch (RuntimeException e) {
                    failure.compareAndSet(null, e);
                } finally {
                    calls.add(done);
                }
            }));
        }
        awaitUninterruptibly(ready);
        long start = System.nanoTime();
        go.countDown();
        joinAll(workers, duration.plus(Duration.ofSeconds(30)));
        long elapsed = System.nanoTime() - start;
        if (failure.get() != null) {
            throw failure.get();
        }
        return calls.sum() / (elapsed / 1e9);
    }
}
