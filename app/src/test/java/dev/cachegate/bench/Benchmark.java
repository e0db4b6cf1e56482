package dev.cachegate.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cachegate.catalogdata.PopularityModel;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * The one-run benchmark behind {@code load/benchmark}: every layer and strategy of cachegate against its physical
 * ceiling, measured side by side in the same run, plus the catalog's real workload through the whole topology.
 *
 * <p>Method: each comparison alternates A and B for several rounds (the machine is shared and noisy) and reports
 * medians with min–max; ratios are per round, then summarised. Maximum throughput is closed-loop ({@code wrk});
 * latency is open-model at a fixed arrival rate ({@link OpenLoad}, corrected for coordinated omission). The stack,
 * the ceiling servers and the build are {@code load/benchmark}'s; this class only measures and writes the report.
 */
public final class Benchmark {

    private static final String PRODUCT = "/products/1";
    private static final List<String> STRATEGIES = List.of("cache-aside", "write-through", "refresh-ahead", "none");
    private static final double SLO_P99_MILLIS = 50;

    private final Options options;
    private final StackControl stack;
    private final Map<String, Object> report = new LinkedHashMap<>();
    private final List<Map<String, Object>> rows = new ArrayList<>();
    private final Map<String, Object> ceilings = new LinkedHashMap<>();
    private double l1LoneMillis = Double.NaN;

    private Benchmark(Options options) throws IOException {
        this.options = options;
        this.stack = new StackControl(options.root, options.stackEnv);
    }

    /**
     * @param args see {@link Options#USAGE}
     * @throws Exception when a measurement cannot be made
     */
    public static void main(String[] args) throws Exception {
        Options options = CommandLine.parseOrExit("benchmark", Options::parse, args);
        new Benchmark(options).run();
        System.exit(0);
    }

    private void run() throws Exception {
        long started = System.nanoTime();
        report.put("started", Instant.now().toString());
        report.put("gitSha", options.sha);
        report.put("machine", Map.of("cores", Runtime.getRuntime().availableProcessors(),
                "os", System.getProperty("os.name") + " " + System.getProperty("os.version")));
        report.put("jvm", Map.of("jdk", System.getProperty("java.vm.name") + " " + System.getProperty("java.version"),
                "flags", options.jvmFlags));
        report.put("method", Map.of("rounds", options.rounds, "roundSeconds", options.seconds,
                "fixedRateSeconds", options.fixedSeconds, "fixedShare", options.fixedShare, "wrk", "-t2 -c64",
                "sloP99Millis", SLO_P99_MILLIS, "steadySeconds", options.steadySeconds));
        report.put("ceilings", ceilings);
        report.put("rows", rows);
        URI app = stack.instances().get(0);
        progress("waiting for the L2 preload of fresh instances, so that no row measures beside it");
        report.put("preloadBeforeRows", stack.awaitPreload(CatalogWorkload.PRELOAD_LIMIT));

        progress("C3: redis-benchmark and pgbench");
        ceilings.put("C3", Ceilings.storeRoundTrips(stack));
        if (options.rows.contains("1")) {
            directRows(app);
        }
        if (options.rows.contains("4")) {
            cdnRow();
        }
        double c2 = Tree.num(ReportWriter.tree(ceilings), "C2.throughput.median");
        CatalogWorkload catalog = new CatalogWorkload(options, stack, c2);
        double sustained = options.sustainedRate;
        InvalidationRows invalidation = new InvalidationRows(options, stack, catalog);
        if (options.rows.contains("5")) {
            progress("row 5: the catalog workload through nginx, per strategy");
            Map<String, Object> row5 = catalog.run(options.rows.contains("5s") ? invalidation::stampedeOnWarm
                    : (strategy, rate) -> { });
            rows.add(row5);
            for (Object strategy : Tree.list(ReportWriter.tree(row5), "strategies")) {
                if ("cache-aside".equals(Tree.at(strategy, "strategy"))) {
                    sustained = CatalogWorkload.sustained(Tree.map(strategy, ""));
                }
            }
        }
        if (options.rows.contains("5o")) {
            progress("row 5o: cache-aside, old design (TTL only), beside new cache-aside's %.0f req/s", sustained);
            double rate = sustained;
            rows.add(orError("5o", () -> invalidation.oldDesign(rate)));
        }
        if (options.rows.contains("5s")) {
            progress("row 5s: database loads of a hot update followed by concurrent reads");
            double rate = sustained;
            rows.add(orError("5s", () -> invalidation.stampede(rate)));
        }
        List<String> faults = InvalidationRows.FAULTS.stream()
                .filter(f -> options.rows.contains("5f") || options.rows.contains("5f" + f)).toList();
        if (!faults.isEmpty()) {
            progress("row 5f: new-design cache-aside under faults %s at %.0f req/s", faults, sustained);
            double rate = sustained;
            rows.add(orError("5f", () -> invalidation.faults(rate, faults)));
        }
        if (options.rows.contains("6")) {
            progress("row 6: POST /payments, first execution vs replay");
            rows.add(orError("6", () -> payments(app)));
        }
        if (options.rows.contains("7")) {
            progress("row 7: stampede over 3 instances (load/stampede-demo)");
            rows.add(orError("7", () -> subprocess("7", "dev.cachegate.demo.StampedeDemo", "--requests", "300",
                    "--load-delay", "250ms")));
        }
        if (options.rows.contains("8")) {
            progress("row 8: peer caches in process");
            rows.add(orError("8", () -> subprocess("8", "dev.cachegate.bench.PeerCacheBenchmark")));
        }
        report.put("instanceStartRetries", stack.startRetries());
        report.put("minutes", (System.nanoTime() - started) / 60e9);
        Map<String, Object> tree = ReportWriter.tree(report);
        CapacityPlan.Plan plan = CapacityPlan.fromReport(tree, CapacityPlan.Inputs.EXERCISE);
        tree.put("capacity", plan.toMap());
        System.out.print(plan.format());
        ReportWriter.write(tree, options.out, options.name);
    }

    /** A row that is measured after others. */
    private interface Row {
        Map<String, Object> measure() throws Exception;
    }

    /** @return the row, or one saying why it could not be measured (the rows before it are kept) */
    private static Map<String, Object> orError(String id, Row row) throws InterruptedException {
        try {
            return row.measure();
        } catch (InterruptedException e) {
            throw e;
        } catch (Exception e) {
            progress("row %s failed: %s", id, e);
            e.printStackTrace();
            return Map.of("row", id, "error", String.valueOf(e));
        }
    }

    private void directRows(URI app) throws IOException, InterruptedException {
        progress("row 1: L1 hit vs C1 (bare Micronaut)");
        warm(app.resolve(PRODUCT), options.bare.resolve(PRODUCT));
        expectLayer(app, "L1");
        Pair row1 = pair(app.resolve(PRODUCT), options.bare.resolve(PRODUCT));
        ceilings.put("C1", row1.b.summary("bare Micronaut, one @Get serializing the same product record"));
        Map<String, Object> r1 = row1.row("1", "L1 hit, one instance direct", "C1");
        l1LoneMillis = Lone.of(app.resolve(PRODUCT)).p50Millis();
        r1.put("perCall", Map.of("httpP50Millis", l1LoneMillis));
        rows.add(r1);

        rows.add(restartedRow("2", "L2 hit (L1 off), one instance direct", "CACHEGATE_CATALOG_CACHE_L1_ENABLED",
                "false", "L2", "redisGetP50Millis"));
        rows.add(restartedRow("3", "miss path (strategy none), one instance direct",
                "CACHEGATE_CATALOG_CACHE_STRATEGY", "none", "MISS", "pgSelectMillis"));
        stack.restart(Map.of(), "app1");
    }

    /** A row of app1 restarted with one setting, against C1, with its per-call cost beside the store's round trip. */
    private Map<String, Object> restartedRow(String id, String what, String setting, String value, String layer,
                                             String storeKey) throws IOException, InterruptedException {
        URI app = stack.instances().get(0);
        progress("row %s: %s vs C1", id, what);
        stack.restart(Map.of(setting, value), "app1");
        warm(app.resolve(PRODUCT));
        expectLayer(app, layer);
        Map<String, Object> row = pair(app.resolve(PRODUCT), options.bare.resolve(PRODUCT)).row(id, what, "C1");
        row.put("perCall", perCall(Lone.of(app.resolve(PRODUCT)), storeKey));
        return row;
    }

    private void cdnRow() throws IOException, InterruptedException {
        progress("row 4: nginx-cdn hit vs C2 (bare nginx proxy_cache)");
        warm(stack.cdn().resolve(PRODUCT), options.ceilingNginx.resolve(PRODUCT));
        Pair row4 = pair(stack.cdn().resolve(PRODUCT), options.ceilingNginx.resolve(PRODUCT));
        ceilings.put("C2", row4.b.summary("nginx proxy_cache hit of the same bytes from a trivial upstream"));
        rows.add(row4.row("4", "nginx-cdn hit through the stack", "C2"));
    }

    private Map<String, Object> perCall(Lone single, String storeKey) {
        Map<String, Object> perCall = new LinkedHashMap<>();
        perCall.put("httpP50Millis", single.p50Millis);
        perCall.put("overL1HitMillis", single.p50Millis - l1LoneMillis);
        @SuppressWarnings("unchecked")
        Map<String, Object> c3 = (Map<String, Object>) ceilings.get("C3");
        Object store = c3 == null ? null : c3.get(storeKey);
        perCall.put(storeKey, store);
        perCall.put("note", "p50 of one request at a time, over HTTP, against the store's own round trip");
        return perCall;
    }

    /**
     * Refuses to measure a row whose requests are not answered by the layer it names ({@code X-Cache}); the first
     * request may refill an entry whose TTL ran out, the second must come from the layer.
     */
    private static void expectLayer(URI app, String layer) throws IOException, InterruptedException {
        HttpClient client = HttpClient.newHttpClient();
        HttpRequest request = HttpRequest.newBuilder(app.resolve(PRODUCT)).build();
        client.send(request, HttpResponse.BodyHandlers.discarding());
        HttpResponse<Void> response = client.send(request, HttpResponse.BodyHandlers.discarding());
        String actual = response.headers().firstValue("X-Cache").orElse("none");
        if (!layer.equals(actual)) {
            throw new IllegalStateException(app.resolve(PRODUCT) + " was answered by " + actual + ", not " + layer
                    + ": the row would measure the wrong path");
        }
    }

    private void warm(URI... urls) throws IOException, InterruptedException {
        for (URI url : urls) {
            Wrk.run(url, 2, 64, Duration.ofSeconds(options.warmup), null);
        }
    }

    private Pair pair(URI a, URI b) throws IOException, InterruptedException {
        Side sideA = new Side();
        Side sideB = new Side();
        for (int round = 0; round < options.rounds; round++) {
            sideA.add(Wrk.run(a, 2, 64, Duration.ofSeconds(options.seconds), null));
            sideB.add(Wrk.run(b, 2, 64, Duration.ofSeconds(options.seconds), null));
        }
        double rate = options.fixedShare * Math.min(sideA.medianRate(), sideB.medianRate());
        sideA.fixed = fixedRate(a, rate);
        sideB.fixed = fixedRate(b, rate);
        return new Pair(sideA, sideB);
    }

    private Map<String, Object> fixedRate(URI url, double rate) throws InterruptedException {
        String path = url.getRawPath();
        URI base = URI.create(url.getScheme() + "://" + url.getAuthority());
        OpenLoad.run(new OpenLoad.Spec(base, rate, Duration.ofSeconds(2), 64, () -> path, Duration.ofSeconds(5)));
        OpenLoad.Result result = OpenLoad.run(new OpenLoad.Spec(base, rate, Duration.ofSeconds(options.fixedSeconds),
                64, () -> path, Duration.ofSeconds(5)));
        return latency(result, rate);
    }

    static Map<String, Object> latency(OpenLoad.Result result, double rate) {
        Map<String, Object> fixed = new LinkedHashMap<>();
        fixed.put("targetRate", Math.round(rate));
        fixed.put("achievedRate", Math.round(result.issued() / result.seconds()));
        fixed.put("p50Millis", result.millis(50));
        fixed.put("p99Millis", result.millis(99));
        fixed.put("p999Millis", result.millis(99.9));
        fixed.put("errors", result.errors());
        fixed.put("failures", result.failures());
        fixed.put("statuses", result.statuses());
        return fixed;
    }

    private Map<String, Object> payments(URI app) throws IOException, InterruptedException {
        String key = stack.get("CACHEGATE_API_KEYS").split(",")[0];
        String run = UUID.randomUUID().toString().substring(0, 8);
        String common = """
                local body = '{"amountCents": 1299, "currency": "EUR", "source": "tok_visa"}'
                local n = 0
                function setup(thread) thread:set("tid", tostring(math.random(1, 1000000000))) end
                request = function()
                  n = n + 1
                  return wrk.format("POST", "/payments", {["Content-Type"] = "application/json",
                    ["Authorization"] = "Bearer %s", ["Idempotency-Key"] = %s}, body)
                end
                """;
        Path first = Wrk.script(String.format(Locale.ROOT, common, key, "\"bench-" + run + "-\" .. tid .. \"-\" .. n"));
        Path replay = Wrk.script(String.format(Locale.ROOT, common, key, "\"bench-replay-" + run + "\""));
        URI url = app.resolve("/payments");
        Wrk.run(url, 2, 16, Duration.ofSeconds(options.warmup), first);
        Side firstSide = new Side();
        Side replaySide = new Side();
        for (int round = 0; round < options.rounds; round++) {
            firstSide.add(Wrk.run(url, 2, 16, Duration.ofSeconds(options.seconds), first));
            replaySide.add(Wrk.run(url, 2, 16, Duration.ofSeconds(options.seconds), replay));
        }
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("row", "6");
        row.put("what", "POST /payments direct: idempotent replay vs first execution (wrk -t2 -c16)");
        row.put("ceiling", "first execution");
        row.put("throughput", replaySide.rates());
        row.put("ceilingThroughput", firstSide.rates());
        row.put("ratio", Stats.pairedRatio(replaySide.rates, firstSide.rates));
        row.put("p50Millis", Map.of("replay", Stats.Spread.of(replaySide.p50s), "first",
                Stats.Spread.of(firstSide.p50s)));
        row.put("errors", Map.of("replay", replaySide.errors, "first", firstSide.errors));
        row.put("note", "A replay's non-2xx answers are 409s: copies that arrive while the first execution of their "
                + "key is still in flight (cachegate.idempotency.wait-for-in-flight=0s)");
        return row;
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> subprocess(String row, String mainClass, String... args)
            throws IOException, InterruptedException {
        Path json = Files.createTempFile("cachegate-row" + row + "-", ".json");
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-cp", System.getProperty("java.class.path"), mainClass));
        command.addAll(List.of(args));
        command.addAll(List.of("--json", json.toString()));
        String output = StackControl.run(new ProcessBuilder(command).redirectErrorStream(true), mainClass);
        System.out.println(output);
        Map<String, Object> result = new LinkedHashMap<>(new ObjectMapper().readValue(json.toFile(), Map.class));
        result.put("row", row);
        Files.deleteIfExists(json);
        return result;
    }

    static void progress(String format, Object... args) {
        System.out.printf("[benchmark %s] %s%n", LocalTime.now().withNano(0),
                String.format(Locale.ROOT, format, args));
    }

    /** One side of an alternating comparison: its rounds' throughput and closed-loop latency. */
    static final class Side {
        final List<Double> rates = new ArrayList<>();
        final List<Double> p50s = new ArrayList<>();
        final List<Double> p99s = new ArrayList<>();
        long errors;
        Map<String, Object> fixed;

        void add(Wrk.Result result) {
            rates.add(result.requestsPerSec());
            p50s.add(result.p50Millis());
            p99s.add(result.p99Millis());
            errors += result.errors();
        }

        double medianRate() {
            return Stats.Spread.of(rates).median();
        }

        Stats.Spread rates() {
            return Stats.Spread.of(rates);
        }

        Map<String, Object> summary(String what) {
            Map<String, Object> summary = new LinkedHashMap<>();
            summary.put("what", what);
            summary.put("throughput", rates());
            summary.put("fixedRate", fixed);
            summary.put("errors", errors);
            return summary;
        }
    }

    /** Row A beside its ceiling B, rounds alternating. */
    record Pair(Side a, Side b) {

        Map<String, Object> row(String id, String what, String ceiling) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("row", id);
            row.put("what", what);
            row.put("ceiling", ceiling);
            row.put("throughput", a.rates());
            row.put("ceilingThroughput", b.rates());
            row.put("ratio", Stats.pairedRatio(a.rates, b.rates));
            row.put("fixedRate", a.fixed);
            row.put("ceilingFixedRate", b.fixed);
            row.put("errors", a.errors);
            return row;
        }
    }

    /** Latency of one request at a time (no queueing): the per-call cost of a path. */
    record Lone(double p50Millis) {
        static Lone of(URI url) throws IOException, InterruptedException {
            return new Lone(Wrk.run(url, 1, 1, Duration.ofSeconds(3), null).p50Millis());
        }
    }

    /** Options of a run; every duration in seconds. */
    static final class Options {
        static final String USAGE = """
                usage: Benchmark --stack-env FILE --bare URL --ceiling-nginx URL --out DIR [--name NAME] [--sha SHA]
                                 [--rounds 3] [--seconds 5] [--warmup 8] [--fixed-seconds 6] [--step-seconds 8]
                                 [--cold-seconds 30] [--catalog-warmup 20] [--start-rate 1000] [--max-rate 30000]
                                 [--price-updates 2] [--catalog-size 1000000] [--budget 60] [--jvm-flags "..."]
                                 [--strategies cache-aside,write-through,refresh-ahead,none]
                                 [--rows 1,4,5,5o,5s,5f,6,7,8] [--fixed-share 0.5] [--steady-seconds 30]
                                 [--fault-run-seconds 150] [--fault-seconds 90] [--sustained-rate 250]
                                 [--stampede-trials 5] [--stampede-reads 100]
                (--rows: 1 runs rows 1-3 and C1, 4 runs row 4 and C2; C3 always runs; 5o the old design beside
                 cache-aside, 5s the loads of a hot update, 5f the four fault runs or 5fa, 5fb, 5fc, 5fd one each;
                 rows 5o, 5s and 5f run at cache-aside's sustained rate of row 5, or --sustained-rate without it)""";
        Path root = Path.of("").toAbsolutePath();
        Path stackEnv;
        URI bare;
        URI ceilingNginx;
        Path out;
        String name = "benchmark";
        String sha = "unknown";
        String jvmFlags = "";
        int rounds = 3;
        int seconds = 5;
        int warmup = 8;
        int fixedSeconds = 6;
        int stepSeconds = 8;
        int coldSeconds = 30;
        int catalogWarmup = 20;
        double fixedShare = 0.5;
        int steadySeconds = 30;
        int faultRunSeconds = 150;
        int faultSeconds = 90;
        double sustainedRate = 250;
        int stampedeTrials = 5;
        int stampedeReads = 100;
        double startRate = 1000;
        double maxRate = 30_000;
        double priceUpdates = 2;
        long catalogSize = 1_000_000;
        List<String> strategies = STRATEGIES;
        Set<String> rows = Set.of("1", "4", "5", "5o", "5s", "5f", "6", "7", "8");
        Duration budget = Duration.ofSeconds(60);

        static Options parse(String[] args) {
            CommandLine line = CommandLine.parse(args, Set.of("root", "stack-env", "bare", "ceiling-nginx", "out",
                    "name", "sha", "rounds", "seconds", "warmup", "fixed-seconds", "step-seconds", "cold-seconds",
                    "catalog-warmup", "start-rate", "max-rate", "price-updates", "catalog-size", "strategies",
                    "budget", "jvm-flags", "rows", "fixed-share", "steady-seconds", "fault-run-seconds",
                    "fault-seconds", "sustained-rate", "stampede-trials", "stampede-reads"), USAGE);
            Options o = new Options();
            o.root = Path.of(line.string("root", o.root.toString())).toAbsolutePath();
            o.stackEnv = Path.of(line.required("stack-env"));
            o.bare = URI.create(line.required("bare"));
            o.ceilingNginx = URI.create(line.required("ceiling-nginx"));
            o.out = Path.of(line.required("out"));
            o.name = line.string("name", o.name);
            o.sha = line.string("sha", o.sha);
            o.jvmFlags = line.string("jvm-flags", o.jvmFlags);
            o.rounds = line.positiveInt("rounds", o.rounds);
            o.seconds = line.positiveInt("seconds", o.seconds);
            o.warmup = line.positiveInt("warmup", o.warmup);
            o.fixedSeconds = line.positiveInt("fixed-seconds", o.fixedSeconds);
            o.stepSeconds = line.positiveInt("step-seconds", o.stepSeconds);
            o.coldSeconds = line.positiveInt("cold-seconds", o.coldSeconds);
            o.catalogWarmup = line.positiveInt("catalog-warmup", o.catalogWarmup);
            o.startRate = line.positiveInt("start-rate", (int) o.startRate);
            o.maxRate = line.positiveInt("max-rate", (int) o.maxRate);
            o.fixedShare = line.decimal("fixed-share", o.fixedShare);
            line.require("fixed-share", o.fixedShare > 0 && o.fixedShare <= 1, "in (0, 1]", o.fixedShare);
            o.priceUpdates = line.decimal("price-updates", o.priceUpdates);
            line.require("price-updates", o.priceUpdates >= 0, "zero or more", o.priceUpdates);
            o.catalogSize = line.longValue("catalog-size", o.catalogSize);
            line.require("catalog-size", o.catalogSize >= PopularityModel.STANDARD_HOT_SET_SIZE,
                    "at least the hot set, " + PopularityModel.STANDARD_HOT_SET_SIZE, o.catalogSize);
            o.budget = Duration.ofSeconds(line.positiveInt("budget", 60));
            o.strategies = line.list("strategies", o.strategies);
            for (String strategy : o.strategies) {
                line.require("strategies", STRATEGIES.contains(strategy), "some of " + STRATEGIES, strategy);
            }
            o.rows = Set.copyOf(line.list("rows", List.copyOf(o.rows)));
            o.steadySeconds = line.positiveInt("steady-seconds", o.steadySeconds);
            o.faultRunSeconds = line.positiveInt("fault-run-seconds", o.faultRunSeconds);
            o.faultSeconds = line.positiveInt("fault-seconds", o.faultSeconds);
            line.require("fault-run-seconds", o.faultRunSeconds >= o.faultRunSeconds / 5 + o.faultSeconds + 10,
                    "long enough for the fault (from a fifth of the run, --fault-seconds long) and 10 s after it",
                    o.faultRunSeconds);
            o.sustainedRate = line.positiveInt("sustained-rate", (int) o.sustainedRate);
            o.stampedeTrials = line.positiveInt("stampede-trials", o.stampedeTrials);
            o.stampedeReads = line.positiveInt("stampede-reads", o.stampedeReads);
            return o;
        }
    }

    /** Draws product ids with the catalog's popularity; called from the generator's one scheduler thread. */
    static Supplier<String> catalogPaths(long catalogSize, long seed) {
        PopularityModel model = PopularityModel.standard(catalogSize);
        SplittableRandom random = new SplittableRandom(seed);
        return () -> "/products/" + model.nextId(random);
    }
}
