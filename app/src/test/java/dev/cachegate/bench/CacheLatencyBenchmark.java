package dev.cachegate.bench;

import dev.cachegate.cache.CacheRead;
import dev.cachegate.cache.Layer;
import dev.cachegate.cache.VersionedCache;
import dev.cachegate.catalog.Product;
import dev.cachegate.catalogdata.PopularityModel;
import dev.cachegate.embedded.EmbeddedServers;
import io.micronaut.context.ApplicationContext;
import org.HdrHistogram.Histogram;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;

import static dev.cachegate.bench.BenchSupport.HIGHEST_TRACKABLE_NANOS;
import static dev.cachegate.bench.BenchSupport.ID_SEQUENCE_LENGTH;
import static dev.cachegate.bench.BenchSupport.awaitUninterruptibly;
import static dev.cachegate.bench.BenchSupport.drawIds;
import static dev.cachegate.bench.BenchSupport.joinAll;
import static dev.cachegate.bench.BenchSupport.micros;
import static dev.cachegate.bench.BenchSupport.productCache;

/**
 * Latency of one product read, {@link VersionedCache#get(long)}, through each layer of the tiered cache, in process
 * (no HTTP), on the real embedded Redis and PostgreSQL primary + streaming replica. Not a test: it asserts nothing
 * about time and never runs in {@code ./mvnw verify}. Run it with
 * {@code ./mvnw -q -pl app -am test-compile exec:java@bench} (arguments: {@code -Dexec.args="--l1-calls=100000 ..."}, see
 * {@link Options}).
 *
 * <p>Each scenario gets its own application context, configured so that every read takes exactly one path:
 * <ul>
 *   <li><b>L1 hit</b>: the default cache-aside configuration, with every measured id read beforehand, so every read
 *   is answered by this instance's Caffeine map: the floor of the cache, and what 99% of production reads should
 *   cost once the hot set is cached;</li>
 *   <li><b>L2 hit</b>: L1 disabled, ids read beforehand, so every read is one Redis round trip plus JSON decoding:
 *   what a read costs on an instance whose L1 does not have the key (a fresh instance, after an invalidation, or
 *   after L1's shorter TTL);</li>
 *   <li><b>miss</b>: strategy {@code none}, so every read goes through the bulkhead and the loader to the replica:
 *   the cost the cache exists to avoid, and the reference the two ratios are taken against.</li>
 * </ul>
 * Every call's {@link CacheRead#layer()} is checked against the scenario's layer, during warming, measurement and the
 * throughput run; one mismatch aborts the run, because the figures would then describe a mix of paths.
 *
 * <p>Design: the TTLs of both layers are raised to 10 minutes (and the freshness budget with them, so the startup
 * check passes) in every scenario. With the default 10 s L1 TTL, entries warmed at the start of a scenario would expire
 * during it and reads would silently fall through to L2; the TTL is not on the read path, so raising it changes which
 * layer answers, not what a hit costs. Latency is measured single-threaded, one {@link System#nanoTime()} pair per
 * call, into an HdrHistogram (3 significant digits: every sample kept, each within 0.1%), so the tail is not sampled
 * away; throughput is measured separately with several threads for a fixed time, because a single thread shows latency
 * but not contention (Caffeine's striped buffers, the shared Lettuce connection, the Hikari pool). Ids follow
 * {@link PopularityModel#standard(long)} from a seeded {@link SplittableRandom}, drawn before timing starts, and every
 * scenario reads the same sequence. Client and server share one JVM and the machine's cores, so the figures are
 * indicative, for comparing layers with each other, not absolute capacity.
 */
public final class CacheLatencyBenchmark {


    private CacheLatencyBenchmark() {
    }

    /**
     * @param args {@code --name=value} or {@code --name value} options, see {@link Options#parse(String[])}
     */
    public static void main(String[] args) {
        Options options = CommandLine.parseOrExit("cache latency benchmark", Options::parse, args);
        BenchSupport.quietLogs();
        try {
            List<Result> results = run(options);
            printReport(options, results);
        } catch (RuntimeException e) {
            System.err.println("cache latency benchmark FAILED: " + e.getMessage());
            BenchSupport.fail(e);
        }
        BenchSupport.exitIfThreadsLinger();
    }

    private static List<Result> run(Options options) {
        PopularityModel model = PopularityModel.standard(options.catalogSize());
        long[] ids = drawIds(model, options.seed());
        List<Result> results = new ArrayList<>();
        progress("starting embedded Redis and PostgreSQL primary + replica");
        try (EmbeddedServers servers = EmbeddedServers.start()) {
            for (Scenario scenario : Scenario.values()) {
                int calls = options.calls(scenario);
                if (calls == 0) {
                    continue;
                }
                progress("%s: starting an application context (%s)", scenario.label, scenario.description);
                try (ApplicationContext context = ApplicationContext.builder()
                        .environments("bench")
                        .properties(properties(servers, scenario, options))
                        .start()) {
                    VersionedCache<Product> cache = productCache(context);
                    results.add(measure(scenario, cache, ids, options, calls));
                }
            }
        }
        return results;
    }

    private static Map<String, Object> properties(EmbeddedServers servers, Scenario scenario, Options options) {
        Map<String, Object> properties = BenchSupport.cachegateProperties(servers,
                "bench-" + scenario.name().toLowerCase(Locale.ROOT), options.catalogSize());
        properties.putAll(scenario.overrides);
        return properties;
    }

    private static Result measure(Scenario scenario, VersionedCache<Product> cache, long[] ids, Options options,
                                  int calls) {
        if (scenario.expected != Layer.MISS) {
            progress("%s: filling the cache with all %,d products (%d threads)", scenario.label,
                    options.catalogSize(), options.threads());
            fillCache(scenario, cache, options);
            progress("%s: checking that every product is now answered by %s", scenario.label, scenario.expected);
            for (long id = 1; id <= options.catalogSize(); id++) {
                read(scenario, cache, id);
            }
        }
        progress("%s: %,d warm-up calls (discarded)", scenario.label, options.warmupCalls());
        int warmupStart = ID_SEQUENCE_LENGTH / 2;
        for (int i = 0; i < options.warmupCalls(); i++) {
            read(scenario, cache, ids[(warmupStart + i) & (ID_SEQUENCE_LENGTH - 1)]);
        }

        progress("%s: measuring %,d single-threaded calls", scenario.label, calls);
        Histogram histogram = new Histogram(HIGHEST_TRACKABLE_NANOS, 3);
        Layer[] layers = new Layer[calls];
        for (int i = 0; i < calls; i++) {
            long id = ids[i & (ID_SEQUENCE_LENGTH - 1)];
            long start = System.nanoTime();
            CacheRead<Product> answer = cache.get(id);
            long elapsed = System.nanoTime() - start;
            histogram.recordValue(elapsed);
            layers[i] = answer.layer();
            if (answer.value() == null) {
                throw new IllegalStateException(scenario.label + ": product " + id + " not found; is the catalog "
                        + "seeded with " + options.catalogSize() + " products?");
            }
        }
        for (int i = 0; i < calls; i++) {
            if (layers[i] != scenario.expected) {
                throw wrongPath(scenario, ids[i & (ID_SEQUENCE_LENGTH - 1)], layers[i], "measured call " + i);
            }
        }

        progress("%s: throughput, %d threads for %d s", scenario.label, options.threads(),
                options.throughputDuration().toSeconds());
        double throughput = throughput(scenario, cache, ids, options);
        progress("%s: p50 %.2f us, p99 %.2f us, %,.0f calls/s", scenario.label, micros(histogram, 50),
                micros(histogram, 99), throughput);
        return new Result(scenario, calls, histogram, throughput);
    }

    private static void fillCache(Scenario scenario, VersionedCache<Product> cache, Options options) {
        int threads = options.threads();
        List<Thread> workers = new ArrayList<>();
        AtomicReference<RuntimeException> failure = new AtomicReference<>();
        for (int t = 0; t < threads; t++) {
            int first = t + 1;
            workers.add(Thread.ofPlatform().daemon(true).name("bench-fill-" + t).start(() -> {
                try {
                    for (long id = first; id <= options.catalogSize() && failure.get() == null; id += threads) {
                        CacheRead<Product> answer = cache.get(id);
                        if (answer.value() == null) {
                            throw new IllegalStateException(scenario.label + ": product " + id + " not found");
                        }
                    }
                } catch (RuntimeException e) {
                    failure.compareAndSet(null, e);
                }
            }));
        }
        joinAll(workers, Duration.ofMinutes(10));
        if (failure.get() != null) {
            throw new IllegalStateException(scenario.label + ": filling the cache failed: " + failure.get(),
                    failure.get());
        }
    }

    private static double throughput(Scenario scenario, VersionedCache<Product> cache, long[] ids, Options options) {
        return BenchSupport.throughput("bench", options.threads(), ids, options.throughputDuration(),
                options.throughputMaxCalls() / options.threads(), id -> {
                    Layer layer = cache.get(id).layer();
                    if (layer != scenario.expected) {
                        throw wrongPath(scenario, id, layer, "throughput call");
                    }
                });
    }

    private static void read(Scenario scenario, VersionedCache<Product> cache, long id) {
        Layer layer = cache.get(id).layer();
        if (layer != scenario.expected) {
            throw wrongPath(scenario, id, layer, "warming call");
        }
    }

    private static IllegalStateException wrongPath(Scenario scenario, long id, Layer actual, String where) {
        return new IllegalStateException(scenario.label + ": " + where + " for product " + id + " was answered by "
                + actual + ", expected " + scenario.expected + "; the benchmark would measure the wrong path");
    }

    private static void printReport(Options options, List<Result> results) {
        Runtime runtime = Runtime.getRuntime();
        StringBuilder out = new StringBuilder();
        out.append('\n').append("Cache latency benchmark: VersionedCache<Product>.get(id), in process, single-threaded "
                + "latency; throughput with ").append(options.threads()).append(" threads for ")
                .append(options.throughputDuration().toSeconds()).append(" s\n");
        out.append(String.format(Locale.ROOT, "JDK %s (%s %s), %d cores available, max heap %,d MB, %s %s%n",
                Runtime.version(), System.getProperty("java.vm.vendor"), System.getProperty("java.vm.name"),
                runtime.availableProcessors(), runtime.maxMemory() / (1024 * 1024), System.getProperty("os.name"),
                System.getProperty("os.arch")));
        out.append(String.format(Locale.ROOT, "catalog %,d products, ids from PopularityModel.standard (%s), seed %d, "
                + "%,d warm-up calls per scenario%n", options.catalogSize(),
                PopularityModel.standard(options.catalogSize()), options.seed(), options.warmupCalls()));
        out.append('\n');
        out.append(String.format(Locale.ROOT, "| %-8s | %8s | %9s | %9s | %9s | %9s | %9s | %17s |%n",
                "scenario", "calls", "p50 µs", "p90 µs", "p99 µs", "p99.9 µs", "max µs", "throughput call/s"));
        out.append("|----------|---------:|----------:|----------:|----------:|----------:|----------:|")
                .append("------------------:|\n");
        for (Result result : results) {
            Histogram h = result.histogram();
            out.append(String.format(Locale.ROOT,
                    "| %-8s | %,8d | %,9.2f | %,9.2f | %,9.2f | %,9.2f | %,9.2f | %,17.0f |%n",
                    result.scenario().label, result.calls(), micros(h, 50), micros(h, 90), micros(h, 99),
                    micros(h, 99.9), h.getMaxValue() / 1000.0, result.throughput()));
        }
        Map<Scenario, Result> byScenario = new LinkedHashMap<>();
        results.forEach(result -> byScenario.put(result.scenario(), result));
        Result l1 = byScenario.get(Scenario.L1);
        if (l1 != null) {
            out.append('\n');
            for (Scenario other : List.of(Scenario.MISS, Scenario.L2)) {
                Result result = byScenario.get(other);
                if (result != null) {
                    out.append(String.format(Locale.ROOT, "%s p99 / L1 p99 = %.1f   (p50 ratio %.1f, throughput "
                                    + "ratio L1 / %s = %.1f)%n", other.label, micros(result.histogram(), 99)
                                    / micros(l1.histogram(), 99), micros(result.histogram(), 50)
                                    / micros(l1.histogram(), 50), other.label,
                            l1.throughput() / result.throughput()));
                }
            }
        }
        out.append('\n').append("Note: the machine is shared and client and server (the application context, Redis, "
                + "PostgreSQL primary and replica) run on the same ").append(runtime.availableProcessors())
                .append(" cores; the figures are indicative, for comparing the layers, not a capacity claim.\n");
        System.out.print(out);
        System.out.flush();
    }

    private static void progress(String format, Object... args) {
        BenchSupport.progress("bench", format, args);
    }

    private enum Scenario {
        L1("L1 hit", Layer.L1, "default cache-aside, L1 + L2", Map.of()),
        L2("L2 hit", Layer.L2, "L1 disabled, every read goes to Redis",
                Map.of("cachegate.catalog.cache.l1.enabled", false)),
        MISS("miss", Layer.MISS, "strategy none, every read loads from the replica",
                Map.of("cachegate.catalog.cache.strategy", "none"));

        private final String label;
        private final Layer expected;
        private final String description;
        private final Map<String, Object> overrides;

        Scenario(String label, Layer expected, String description, Map<String, Object> overrides) {
            this.label = label;
            this.expected = expected;
            this.description = description;
            this.overrides = overrides;
        }
    }

    private record Result(Scenario scenario, int calls, Histogram histogram, double throughput) {
    }

    /**
     * The run's parameters.
     *
     * @param catalogSize        products seeded and read, ids 1..catalogSize
     * @param warmupCalls        discarded calls before each scenario's measurement
     * @param l1Calls            measured L1 calls (0 skips the scenario)
     * @param l2Calls            measured L2 calls (0 skips the scenario)
     * @param missCalls          measured miss calls (0 skips the scenario)
     * @param threads            threads of the throughput run and of cache filling
     * @param throughputDuration how long each throughput run lasts
     * @param throughputMaxCalls cap on the calls of one throughput run, across threads
     * @param seed               seed of the id sequence
     */
    record Options(int catalogSize, int warmupCalls, int l1Calls, int l2Calls, int missCalls, int threads,
                   Duration throughputDuration, long throughputMaxCalls, long seed) {

        static final String USAGE = """
                options (all optional, --name=value or --name value):
                  --catalog=20000          products seeded and read
                  --warmup=5000            discarded calls per scenario
                  --l1-calls=50000         measured L1-hit calls (0 skips)
                  --l2-calls=20000         measured L2-hit calls (0 skips)
                  --miss-calls=20000       measured miss calls (0 skips)
                  --threads=4              threads of the throughput run
                  --seconds=5              duration of each throughput run
                  --max-calls=200000000    cap on the calls of one throughput run
                  --seed=42                seed of the id sequence""";

        static Options parse(String[] args) {
            CommandLine line = CommandLine.parse(args, Set.of("catalog", "warmup", "l1-calls", "l2-calls",
                    "miss-calls", "threads", "seconds", "max-calls", "seed"), USAGE);
            int threads = line.positiveInt("threads", 4);
            long maxCalls = line.longValue("max-calls", 200_000_000L);
            line.require("max-calls", maxCalls >= 1, "positive", maxCalls);
            line.require("max-calls", maxCalls >= threads, "at least --threads (" + threads + ")", maxCalls);
            return new Options(
                    line.positiveInt("catalog", 20_000),
                    line.notNegativeInt("warmup", 5_000),
                    line.notNegativeInt("l1-calls", 50_000),
                    line.notNegativeInt("l2-calls", 20_000),
                    line.notNegativeInt("miss-calls", 20_000),
                    threads,
                    Duration.ofSeconds(line.positiveInt("seconds", 5)),
                    maxCalls,
                    line.longValue("seed", 42));
        }

        int calls(Scenario scenario) {
            return switch (scenario) {
                case L1 -> l1Calls;
                case L2 -> l2Calls;
                case MISS -> missCalls;
            };
        }
    }
}
