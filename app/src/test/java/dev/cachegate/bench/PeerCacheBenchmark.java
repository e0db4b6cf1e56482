package dev.cachegate.bench;

import dev.cachegate.catalog.Product;
import dev.cachegate.catalogdata.PopularityModel;
import dev.cachegate.embedded.EmbeddedServers;
import org.HdrHistogram.Histogram;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.ToDoubleFunction;

import static dev.cachegate.bench.BenchSupport.HIGHEST_TRACKABLE_NANOS;
import static dev.cachegate.bench.BenchSupport.ID_SEQUENCE_LENGTH;
import static dev.cachegate.bench.BenchSupport.awaitUninterruptibly;
import static dev.cachegate.bench.BenchSupport.joinAll;
import static dev.cachegate.bench.BenchSupport.micros;
import static dev.cachegate.bench.BenchSupport.millis;

/**
 * Benchmark row 8, "the peers a user would pick instead": cachegate's {@code VersionedCache<Product>} against
 * Redisson's {@code RLocalCachedMap} and JetCache's two-level cache, in process, on the same real embedded Redis and
 * the same loader ({@link ProductSource}: counted, with a configurable delay). Not a test: it asserts nothing about
 * time and never runs in {@code ./mvnw verify}. Run it with
 * {@code ./mvnw -q -pl app -am test-compile exec:java@peers -Dexec.args="--json target/peers.json"} (options in
 * {@link Options#USAGE}).
 *
 * <p>Each library runs as three instances A, B and C (three clients with their own local tiers, as three servers
 * would), and every figure is measured the same way for each:
 * <ol>
 *   <li><b>L1 hit</b>: A reads every key once (filling Redis and its local tier), then single-threaded reads of keys
 *   drawn from {@link PopularityModel#standard(long)} are timed one by one into an HdrHistogram, and then
 *   {@code --threads} threads read for {@code --seconds} for throughput;</li>
 *   <li><b>L2 hit</b>: B, which has seen none of those keys, reads each once: every read finds nothing locally and the
 *   value in Redis;</li>
 *   <li><b>stampede</b>: {@code --requests} threads, spread round-robin over A, B and C, read one key that no tier
 *   holds, at once, with loads taking {@code --load-delay}: the loads counted and each waiter's latency;</li>
 *   <li><b>invalidation</b>: with a key in B's and C's local tiers, the source is changed and A's write path told;
 *   B and C are polled (tightly, {@link System#nanoTime()}) until both return the new version.</li>
 * </ol>
 * Paths are checked, not assumed: before L1 timing every key must be in A's local tier and before L2 timing in none
 * of B's, and neither measurement may call the loader; otherwise the run aborts. Loads take no time outside the
 * stampede, so filling is quick. Every peer's figure is also shown as a ratio to cachegate's. Client, Redis and
 * PostgreSQL (which the cachegate contexts start with) share the machine's cores: the figures compare the libraries
 * within one run; they are not capacity claims.
 */
public final class PeerCacheBenchmark {

    private static final String TAG = "peers";
    private static final int INVALIDATION_WARMUP_TRIALS = 5;
    private static final int INVALIDATION_KEYS = 5;
    private static final Duration PROPAGATION_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration STAMPEDE_TIMEOUT = Duration.ofMinutes(2);

    private PeerCacheBenchmark() {
    }

    /**
     * @param args options, see {@link Options#USAGE}
     */
    public static void main(String[] args) {
        Options options = CommandLine.parseOrExit("peer cache benchmark", Options::parse, args);
        BenchSupport.quietLogs();
        try {
            Report report = run(options);
            System.out.print(report.table());
            if (options.json() != null) {
                report.writeJson(options.json());
                System.out.println("JSON written to " + options.json().toAbsolutePath());
            }
            System.out.flush();
        } catch (RuntimeException e) {
            System.err.println("peer cache benchmark FAILED: " + e.getMessage());
            BenchSupport.fail(e);
        }
        BenchSupport.exitIfThreadsLinger();
    }

    private static Report run(Options options) {
        long[] ids = BenchSupport.drawIds(PopularityModel.standard(options.keys()), options.seed());
        ProductSource source = new ProductSource();
        List<Result> results = new ArrayList<>();
        progress("starting embedded Redis and PostgreSQL primary + replica");
        try (EmbeddedServers servers = EmbeddedServers.start()) {
            List<Peer> peers = List.of(
                    new Peer(CachegatePeer.NAME, instance -> CachegatePeer.start(servers, instance, source)),
                    new Peer(RedissonPeer.NAME, instance -> new RedissonPeer(servers.redisUri(), source)),
                    new Peer(JetCachePeer.NAME, instance -> new JetCachePeer(servers.redisUri(), source)));
            for (Peer peer : peers) {
                results.add(measure(peer, source, ids, options));
            }
        }
        return new Report(options, results);
    }

    private static Result measure(Peer peer, ProductSource source, long[] ids, Options options) {
        progress("%s: starting instances A, B and C", peer.name());
        try (PeerCache a = peer.factory().start("a");
             PeerCache b = peer.factory().start("b");
             PeerCache c = peer.factory().start("c")) {
            source.delay(Duration.ZERO);
            progress("%s: A reads all %,d keys (%d threads)", peer.name(), options.keys(), options.threads());
            fill(a, options);
            requireLocal(peer, a, options.keys(), true, "A after filling");

            long loadsBefore = source.loads();
            progress("%s: L1, %,d warm-up and %,d measured calls on A", peer.name(), options.warmup(),
                    options.l1Calls());
            for (int i = 0; i < options.warmup(); i++) {
                read(a, ids[(ID_SEQUENCE_LENGTH / 2 + i) & (ID_SEQUENCE_LENGTH - 1)]);
            }
            Histogram l1 = new Histogram(HIGHEST_TRACKABLE_NANOS, 3);
            for (int i = 0; i < options.l1Calls(); i++) {
                long id = ids[i & (ID_SEQUENCE_LENGTH - 1)];
                long start = System.nanoTime();
                Product product = a.get(id);
                l1.recordValue(System.nanoTime() - start);
                check(product, id);
            }
            progress("%s: L1 throughput, %d threads for %d s", peer.name(), options.threads(),
                    options.duration().toSeconds());
            double throughput = throughput(a, ids, options);
            requireNoLoads(peer, source, loadsBefore, "the L1 measurement");
            requireLocal(peer, a, options.keys(), true, "A after the L1 measurement");

            requireLocal(peer, b, options.keys(), false, "B before the L2 measurement");
            int l2Warmup = Math.min(options.keys() / 5, options.warmup());
            progress("%s: L2, B reads keys 1..%,d (%,d discarded, %,d measured)", peer.name(), options.keys(),
                    l2Warmup, options.keys() - l2Warmup);
            Histogram l2 = new Histogram(HIGHEST_TRACKABLE_NANOS, 3);
            for (long id = 1; id <= options.keys(); id++) {
                long start = System.nanoTime();
                Product product = b.get(id);
                long elapsed = System.nanoTime() - start;
                check(product, id);
                if (id > l2Warmup) {
                    l2.recordValue(elapsed);
                }
            }
            requireNoLoads(peer, source, loadsBefore, "the L2 measurement");

            List<PeerCache> cluster = List.of(a, b, c);
            source.delay(options.loadDelay());
            progress("%s: stampede warm-up, %d requests for one cold key", peer.name(), options.requests());
            stampede(cluster, source, options.keys() + 1L, options.requests());
            progress("%s: stampede, %d requests for another cold key, loads take %d ms", peer.name(),
                    options.requests(), options.loadDelay().toMillis());
            Stampede stampede = stampede(cluster, source, options.keys() + 2L, options.requests());
            source.delay(Duration.ZERO);

            progress("%s: invalidation, %d trials (after %d discarded)", peer.name(), options.trials(),
                    INVALIDATION_WARMUP_TRIALS);
            Invalidation invalidation = invalidation(a, b, c, source, options.keys() + 10L, options.trials());
            Result result = new Result(peer.name(), l1, throughput, l2, stampede, invalidation);
            progress("%s: L1 p50 %.2f µs, %,.0f ops/s; L2 p50 %.1f µs; stampede %d loads; invalidation p50 %.2f ms",
                    peer.name(), micros(l1, 50), throughput, micros(l2, 50), stampede.loaderCalls(),
                    millis(invalidation.histogram(), 50));
            return result;
        }
    }

    private static void fill(PeerCache cache, Options options) {
        int threads = options.threads();
        List<Thread> workers = new ArrayList<>();
        AtomicReference<RuntimeException> failure = new AtomicReference<>();
        for (int t = 0; t < threads; t++) {
            int first = t + 1;
            workers.add(Thread.ofPlatform().daemon(true).name("peers-fill-" + t).start(() -> {
                try {
                    for (long id = first; id <= options.keys() && failure.get() == null; id += threads) {
                        check(cache.get(id), id);
                    }
                } catch (RuntimeException e) {
                    failure.compareAndSet(null, e);
                }
            }));
        }
        joinAll(workers, Duration.ofMinutes(5));
        if (failure.get() != null) {
            throw new IllegalStateException("filling the cache failed: " + failure.get(), failure.get());
        }
    }

    private static double throughput(PeerCache cache, long[] ids, Options options) {
        return BenchSupport.throughput("peers", options.threads(), ids, options.duration(), Long.MAX_VALUE,
                id -> check(cache.get(id), id));
    }

    private static Stampede stampede(List<PeerCache> cluster, ProductSource source, long key, int requests) {
        long[] latencies = new long[requests];
        AtomicInteger errors = new AtomicInteger();
        AtomicReference<RuntimeException> firstError = new AtomicReference<>();
        CountDownLatch ready = new CountDownLatch(requests);
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> waiters = new ArrayList<>();
        for (int i = 0; i < requests; i++) {
            int n = i;
            PeerCache instance = cluster.get(i % cluster.size());
            waiters.add(Thread.ofPlatform().daemon(true).name("peers-stampede-" + i).start(() -> {
                ready.countDown();
                awaitUninterruptibly(go);
                long start = System.nanoTime();
                try {
                    check(instance.get(key), key);
                    latencies[n] = System.nanoTime() - start;
                } catch (RuntimeException e) {
                    latencies[n] = -1;
                    errors.incrementAndGet();
                    firstError.compareAndSet(null, e);
                }
            }));
        }
        awaitUninterruptibly(ready);
        long loadsBefore = source.loads();
        go.countDown();
        joinAll(waiters, STAMPEDE_TIMEOUT);
        long loaderCalls = source.loads() - loadsBefore;
        Histogram histogram = new Histogram(HIGHEST_TRACKABLE_NANOS, 3);
        for (long latency : latencies) {
            if (latency >= 0) {
                histogram.recordValue(latency);
            }
        }
        if (firstError.get() != null) {
            progress("  %d of %d stampede requests failed, first: %s", errors.get(), requests, firstError.get());
        }
        return new Stampede(requests, loaderCalls, errors.get(), histogram);
    }

    private static Invalidation invalidation(PeerCache a, PeerCache b, PeerCache c, ProductSource source,
                                             long firstKey, int trials) {
        Histogram histogram = new Histogram(HIGHEST_TRACKABLE_NANOS, 3);
        int timedOut = 0;
        for (int t = 0; t < INVALIDATION_WARMUP_TRIALS + trials; t++) {
            long key = firstKey + t % INVALIDATION_KEYS;
            long version = source.current(key).version();
            holdLocally(List.of(b, c), key, version);
            Product next = source.update(key);
            long start = System.nanoTime();
            a.written(next);
            long deadline = start + PROPAGATION_TIMEOUT.toNanos();
            long seenByB = -1;
            long seenByC = -1;
            while ((seenByB < 0 || seenByC < 0) && System.nanoTime() - deadline < 0) {
                if (seenByB < 0 && b.get(key).version() >= next.version()) {
                    seenByB = System.nanoTime();
                }
                if (seenByC < 0 && c.get(key).version() >= next.version()) {
                    seenByC = System.nanoTime();
                }
            }
            if (t < INVALIDATION_WARMUP_TRIALS) {
                continue;
            }
            if (seenByB < 0 || seenByC < 0) {
                timedOut++;
            } else {
                histogram.recordValue(Math.max(seenByB, seenByC) - start);
            }
        }
        return new Invalidation(trials, timedOut, histogram);
    }

    private static void holdLocally(List<PeerCache> instances, long key, long version) {
        long deadline = System.nanoTime() + PROPAGATION_TIMEOUT.toNanos();
        while (true) {
            boolean settled = true;
            for (PeerCache instance : instances) {
                settled &= instance.get(key).version() == version;
            }
            sleep(Duration.ofMillis(5));
            for (PeerCache instance : instances) {
                settled &= instance.holdsLocally(key);
            }
            if (settled) {
                return;
            }
            if (System.nanoTime() - deadline > 0) {
                throw new IllegalStateException("key " + key + " version " + version
                        + " did not settle in the local tiers within " + PROPAGATION_TIMEOUT);
            }
        }
    }

    private static void read(PeerCache cache, long id) {
        check(cache.get(id), id);
    }

    private static void check(Product product, long id) {
        if (product == null || product.id() != id) {
            throw new IllegalStateException("read of product " + id + " returned " + product);
        }
    }

    private static void requireLocal(Peer peer, PeerCache cache, int keys, boolean expected, String when) {
        for (long id = 1; id <= keys; id++) {
            if (cache.holdsLocally(id) != expected) {
                throw new IllegalStateException(peer.name() + ": key " + id + (expected ? " missing from" : " found in")
                        + " the local tier of " + when + "; the measurement would take the wrong path");
            }
        }
    }

    private static void requireNoLoads(Peer peer, ProductSource source, long before, String what) {
        long loads = source.loads() - before;
        if (loads != 0) {
            throw new IllegalStateException(peer.name() + ": " + what + " called the loader " + loads
                    + " times; it would not measure cache hits");
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static void progress(String format, Object... args) {
        BenchSupport.progress(TAG, format, args);
    }

    /** Starts one instance of a library's cache, e.g. {@code a}. */
    @FunctionalInterface
    private interface PeerFactory {
        PeerCache start(String instance);
    }

    private record Peer(String name, PeerFactory factory) {
    }

    private record Stampede(int requests, long loaderCalls, int errors, Histogram histogram) {
    }

    private record Invalidation(int trials, int timedOut, Histogram histogram) {
    }

    private record Result(String name, Histogram l1, double l1Throughput, Histogram l2, Stampede stampede,
                          Invalidation invalidation) {
    }

    /** The figures of one run, as a table and as JSON. */
    private record Report(Options options, List<Result> results) {

        private static final List<Row> ROWS = List.of(
                new Row("L1 hit p50 µs", 2, r -> micros(r.l1(), 50)),
                new Row("L1 hit p99 µs", 2, r -> micros(r.l1(), 99)),
                new Row("L1 hit ops/s", 0, Result::l1Throughput),
                new Row("L2 hit p50 µs", 1, r -> micros(r.l2(), 50)),
                new Row("L2 hit p99 µs", 1, r -> micros(r.l2(), 99)),
                new Row("stampede loader calls", 0, r -> r.stampede().loaderCalls()),
                new Row("stampede p50 ms", 1, r -> millis(r.stampede().histogram(), 50)),
                new Row("stampede p99 ms", 1, r -> millis(r.stampede().histogram(), 99)),
                new Row("invalidation p50 ms", 2, r -> millis(r.invalidation().histogram(), 50)),
                new Row("invalidation max ms", 2, r -> r.invalidation().histogram().getMaxValue() / 1e6));

        String table() {
            Runtime runtime = Runtime.getRuntime();
            StringBuilder out = new StringBuilder("\n");
            out.append(String.format(Locale.ROOT, "Benchmark row 8: the peers a user would pick instead, in process on "
                            + "one embedded Redis, %,d keys, %s%n", options.keys(), options.describe()));
            out.append(String.format(Locale.ROOT, "JDK %s (%s), %d cores available, max heap %,d MB%n%n",
                    Runtime.version(), System.getProperty("java.vm.name"), runtime.availableProcessors(),
                    runtime.maxMemory() / (1024 * 1024)));
            int width = 24;
            out.append(String.format(Locale.ROOT, "| %-22s |", "figure"));
            results.forEach(r -> out.append(String.format(Locale.ROOT, " %" + width + "s |", r.name())));
            out.append("\n|------------------------|");
            results.forEach(r -> out.append("-".repeat(width + 1)).append(":|"));
            out.append('\n');
            Result reference = results.getFirst();
            for (Row row : ROWS) {
                out.append(String.format(Locale.ROOT, "| %-22s |", row.label()));
                for (Result result : results) {
                    double value = row.value().applyAsDouble(result);
                    String cell = String.format(Locale.ROOT, "%,." + row.decimals() + "f", value);
                    if (result != reference) {
                        cell += " (" + Stats.times(Stats.ratio(value, row.value().applyAsDouble(reference))) + ")";
                    }
                    out.append(String.format(Locale.ROOT, " %" + width + "s |", cell));
                }
                out.append('\n');
            }
            out.append("\n(×) = the figure divided by cachegate's: below 1 is lower than cachegate's (better for "
                    + "latencies and loader calls), above 1 is higher (better for ops/s).\n");
            notes().forEach(note -> out.append("- ").append(note).append('\n'));
            return out.toString();
        }

        List<String> notes() {
            List<String> notes = new ArrayList<>();
            notes.add("cachegate 0.1.0 VersionedCache: one Micronaut application context per instance, default "
                    + "cache-aside strategy (a write leaves a versioned tombstone in Redis and invalidates L1 "
                    + "everywhere over pub/sub), Caffeine L1 max 100000, L1 and L2 TTL "
                    + BenchSupport.longTtl().toMinutes() + " min, single flight local + cluster (Redis lease), "
                    + "default bulkhead; the cache is made by the context's VersionedCaches over the shared loader; "
                    + "written = VersionedCache.written (cache-aside: invalidate, the next read loads).");
            notes.add(RedissonPeer.NOTE);
            notes.add(JetCachePeer.NOTE);
            notes.add(String.format(Locale.ROOT, "Same loader for all: an in-memory product source (generated like "
                    + "the catalog), every call counted; loads take %d ms during the stampede and 0 ms otherwise. "
                    + "Values in Redis are the same Micronaut Serde JSON for all three.",
                    options.loadDelay().toMillis()));
            notes.add(String.format(Locale.ROOT, "L1: %,d warm-up + %,d single-threaded timed reads on A of keys drawn "
                            + "from PopularityModel.standard(%d), seed %d; throughput: %d threads for %d s. L2: "
                            + "instance B reads each key once (first %,d discarded); B's local tier held none of them "
                            + "and neither measurement called the loader (checked).", options.warmup(),
                    options.l1Calls(), options.keys(), options.seed(), options.threads(),
                    options.duration().toSeconds(), Math.min(options.keys() / 5, options.warmup())));
            notes.add(String.format(Locale.ROOT, "Stampede: %d platform threads round-robin over A, B, C read one key "
                    + "that no tier holds, after one discarded burst on another key; loader calls are those of the "
                    + "measured burst; each waiter's latency runs from its own start after the common go signal. "
                    + "Invalidation: the source changes, A's write path is called, B and C are polled "
                    + "until both return the new version; time from before A's call; %d trials after %d discarded.",
                    options.requests(), options.trials(), INVALIDATION_WARMUP_TRIALS));
            for (Result result : results) {
                if (result.stampede().errors() > 0) {
                    notes.add(result.name() + ": " + result.stampede().errors() + " of " + result.stampede().requests()
                            + " stampede requests failed (excluded from the latencies).");
                }
                if (result.invalidation().timedOut() > 0) {
                    notes.add(result.name() + ": in " + result.invalidation().timedOut() + " of "
                            + result.invalidation().trials() + " invalidation trials B or C still returned the old "
                            + "version after " + PROPAGATION_TIMEOUT.toSeconds() + " s (excluded).");
                }
            }
            notes.add("Client, Redis and PostgreSQL share " + Runtime.getRuntime().availableProcessors()
                    + " cores: compare the libraries within one run; the figures are not capacity claims.");
            return notes;
        }

        void writeJson(Path file) {
            Map<String, Object> document = new LinkedHashMap<>();
            document.put("row", "8");
            document.put("jdk", Runtime.version().toString());
            List<Map<String, Object>> caches = new ArrayList<>();
            for (Result r : results) {
                Map<String, Object> cache = new LinkedHashMap<>();
                cache.put("name", r.name());
                cache.put("l1", section("p50Micros", round(micros(r.l1(), 50), 3),
                        "p99Micros", round(micros(r.l1(), 99), 3), "opsPerSec", Math.round(r.l1Throughput())));
                cache.put("l2", section("p50Micros", round(micros(r.l2(), 50), 3),
                        "p99Micros", round(micros(r.l2(), 99), 3)));
                cache.put("stampede", section("requests", r.stampede().requests(),
                        "loaderCalls", r.stampede().loaderCalls(),
                        "p50Millis", round(millis(r.stampede().histogram(), 50), 3),
                        "p99Millis", round(millis(r.stampede().histogram(), 99), 3)));
                cache.put("invalidation", section("p50Millis", round(millis(r.invalidation().histogram(), 50), 3),
                        "maxMillis", round(r.invalidation().histogram().getMaxValue() / 1e6, 3)));
                caches.add(cache);
            }
            document.put("caches", caches);
            document.put("notes", notes());
            try {
                Path parent = file.toAbsolutePath().getParent();
                if (parent != null) {
                    Files.createDirectories(parent);
                }
                Files.write(file, ProductJson.INSTANCE.mapper().writeValueAsBytes(document));
            } catch (IOException e) {
                throw new UncheckedIOException("could not write " + file, e);
            }
        }

        private static Map<String, Object> section(Object... namesAndValues) {
            Map<String, Object> section = new LinkedHashMap<>();
            for (int i = 0; i < namesAndValues.length; i += 2) {
                section.put((String) namesAndValues[i], namesAndValues[i + 1]);
            }
            return section;
        }

        private static double round(double value, int decimals) {
            double scale = Math.pow(10, decimals);
            return Math.round(value * scale) / scale;
        }
    }

    private record Row(String label, int decimals, ToDoubleFunction<Result> value) {
    }

    /**
     * The run's parameters.
     *
     * @param keys      keys filled and read in the L1 and L2 measurements, 1..keys
     * @param warmup    discarded L1 calls; also caps the discarded L2 reads
     * @param l1Calls   timed single-threaded L1 calls
     * @param threads   threads of the throughput run and of filling
     * @param duration  how long the throughput run lasts
     * @param requests  concurrent requests of the stampede
     * @param loadDelay how long a load takes during the stampede
     * @param trials    invalidation trials
     * @param seed      seed of the key sequence
     * @param json      where to write the JSON document; null for none
     */
    record Options(int keys, int warmup, int l1Calls, int threads, Duration duration, int requests,
                   Duration loadDelay, int trials, long seed, Path json) {

        static final String USAGE = """
                options (all optional, --name value or --name=value):
                  --keys 5000          keys filled on A and read in the L1 and L2 measurements
                  --warmup 20000       discarded L1 calls (and at most this many, or keys/5, discarded L2 reads)
                  --l1-calls 100000    timed single-threaded L1 calls
                  --threads 2          threads of the L1 throughput run
                  --seconds 3          duration of the L1 throughput run
                  --requests 300       concurrent requests of the stampede, over 3 instances
                  --load-delay 50ms    duration of a load during the stampede (ms, or a number with ms or s)
                  --trials 50          invalidation trials
                  --seed 42            seed of the key sequence
                  --json FILE          also write the figures as JSON""";

        String describe() {
            return String.format(Locale.ROOT, "L1 %,d calls + %d threads × %d s, stampede %d requests with %d ms "
                            + "loads, %d invalidation trials", l1Calls, threads, duration.toSeconds(), requests,
                    loadDelay.toMillis(), trials);
        }

        static Options parse(String[] args) {
            CommandLine line = CommandLine.parse(args, Set.of("keys", "warmup", "l1-calls", "threads", "seconds",
                    "requests", "load-delay", "trials", "seed", "json"), USAGE);
            int requests = line.integer("requests", 300);
            line.require("requests", requests >= 1 && requests <= 5_000, "between 1 and 5000", requests);
            Duration loadDelay = line.duration("load-delay", Duration.ofMillis(50));
            line.require("load-delay", !loadDelay.isNegative(), "zero or more", loadDelay.toMillis() + "ms");
            String json = line.string("json", null);
            return new Options(
                    line.positiveInt("keys", 5_000),
                    line.notNegativeInt("warmup", 20_000),
                    line.positiveInt("l1-calls", 100_000),
                    line.positiveInt("threads", 2),
                    Duration.ofSeconds(line.positiveInt("seconds", 3)),
                    requests,
                    loadDelay,
                    line.positiveInt("trials", 50),
                    line.longValue("seed", 42),
                    json == null ? null : Path.of(json));
        }
    }
}
