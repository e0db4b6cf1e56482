package dev.cachegate.bench;

import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The seed's horizontal capacity exercise done with this project's measured numbers ({@code load/capacity}).
 *
 * <p>Model: an instance's capacity C is what the measured stack carried per instance while it held the SLO: row 5's
 * sustained rate (cache-aside, p99 ≤ 50 ms) divided by its instances, as the exercise's "200 req/s at 50 ms" is.
 * Beside it, the throughput bound: the harmonic mix of the per-path maxima (row 1 L1 hit, row 2 L2 hit, row 3 miss),
 * weighted by the shares of origin requests row 5 saw on each path, {@code 1 / (h1/C_L1 + h2/C_L2 + m/C_miss)}. A
 * wide gap between the two says the SLO, not the instances' CPU, limits the stack. Instances at a rate R with headroom
 * H: {@code ceil(R / (C·(1−H)))}. Concurrency by Little's law, {@code L = λ·W}, with W the instances' own mean service
 * time at the sustained rate (from {@code http_server_requests_seconds}); database concurrency likewise from the
 * loads' share and mean time.
 */
public final class CapacityPlan {

    private static final ObjectMapper JSON = new ObjectMapper();

    static final String WRONG_MODEL_SIGNAL = "The model assumes an instance's capacity stays flat as instances are "
            + "added and that row 5's hit ratios hold. It is wrong when, at a steady per-instance rate, the instances' "
            + "mean service time (http_server_requests_seconds sum/count) or the database share "
            + "(cachegate_cache_loads_total / requests) rises, or hikaricp_connections_pending stays above 0: then the "
            + "shared Redis or PostgreSQL, not the instances, limit throughput, and more instances add nothing.";

    /**
     * @param peak       peak requests per second
     * @param peakToMean peak ÷ mean
     * @param headroom   share of capacity kept free, 0 to 1 exclusive
     */
    public record Inputs(double peak, double peakToMean, double headroom) {
        /** The seed exercise's: 5,000 req/s at peak, 3× the mean, 30% headroom. */
        public static final Inputs EXERCISE = new Inputs(5000, 3, 0.3);

        /** Validates. */
        public Inputs {
            if (peak <= 0 || peakToMean < 1 || headroom < 0 || headroom >= 1) {
                throw new IllegalArgumentException("peak > 0, peak-to-mean >= 1 and 0 <= headroom < 1, but got "
                        + peak + ", " + peakToMean + ", " + headroom);
            }
        }
    }

    /**
     * @param inputs                  what was asked
     * @param capacityPerInstance     requests/s one instance carries within the SLO (C)
     * @param throughputBound         requests/s one instance could carry were CPU the only limit
     * @param serviceMillis           mean time an instance spends on a request (W)
     * @param instancesAtPeak         instances for the peak with headroom
     * @param instancesAtMean         instances for the mean with headroom
     * @param autoscalerMin           steady count, at least 2 so losing one instance loses no capacity for sessions
     * @param autoscalerMax           peak count plus one spare
     * @param concurrencyPerInstance  L = λ·W per instance at peak
     * @param dbConcurrencyPerInstance database loads in flight per instance at peak
     * @param pools                   the configured pools the concurrencies are compared with
     * @param basis                   where each input came from
     */
    public record Plan(Inputs inputs, double capacityPerInstance, double throughputBound, double serviceMillis, int instancesAtPeak,
                int instancesAtMean, int autoscalerMin, int autoscalerMax, double concurrencyPerInstance,
                double dbConcurrencyPerInstance, Map<String, Object> pools, Map<String, Object> basis) {

        Map<String, Object> toMap() {
            Map<String, Object> map = new LinkedHashMap<>();
            map.put("peak", inputs.peak());
            map.put("peakToMean", inputs.peakToMean());
            map.put("headroom", inputs.headroom());
            map.put("capacityPerInstance", capacityPerInstance);
            map.put("throughputBound", throughputBound);
            map.put("serviceMillis", serviceMillis);
            map.put("instancesAtPeak", instancesAtPeak);
            map.put("instancesAtMean", instancesAtMean);
            map.put("autoscalerMin", autoscalerMin);
            map.put("autoscalerMax", autoscalerMax);
            map.put("concurrencyPerInstance", concurrencyPerInstance);
            map.put("dbConcurrencyPerInstance", dbConcurrencyPerInstance);
            map.put("pools", pools);
            map.put("basis", basis);
            map.put("concurrencyAtCapacity", concurrencyAtCapacity());
            map.put("finding", finding());
            map.put("wrongModelSignal", WRONG_MODEL_SIGNAL);
            return map;
        }

        /** @return Little's L of one instance running at C: how busy the SLO-bound rate keeps it */
        double concurrencyAtCapacity() {
            return littlesLaw(capacityPerInstance, serviceMillis);
        }

        /** @return what the measured numbers say about the model, in one sentence */
        String finding() {
            double gap = throughputBound / capacityPerInstance;
            if (gap < 2) {
                return String.format(Locale.ROOT, "the SLO-bound rate is %.1fx below the throughput bound: instances "
                        + "run near their CPU limit, and adding instances adds capacity", gap);
            }
            return String.format(Locale.ROOT, "the SLO-bound rate is %.0fx below the throughput bound, and an instance "
                    + "at C has L = %.2f requests in flight: the instances are nearly idle when p99 passes the SLO, so "
                    + "their count is not what limits it; the miss path's tail (database loads) is, and more instances "
                    + "would not raise C", gap, concurrencyAtCapacity());
        }

        String format() {
            return String.format(Locale.ROOT, """
                    Capacity plan: peak %.0f req/s, peak-to-mean %.1f, headroom %.0f%%
                      capacity per instance (C)        %,.0f req/s   (%s)
                      throughput bound per instance    %,.0f req/s   (%s)
                      service time per request (W)     %.2f ms
                      1. instances at peak             %d   = ceil(%.0f / (C x %.2f))
                      2. instances at the mean         %d   = ceil(%.0f / (C x %.2f))
                      3. autoscaler min / max          %d / %d
                      4. Little's law at peak          L = %.2f requests in flight per instance; database loads in
                                                       flight %.2f, against %s
                      5. the model is wrong when: %s
                      measured: %s
                    """, inputs.peak(), inputs.peakToMean(), inputs.headroom() * 100, capacityPerInstance,
                    basis.get("capacity"), throughputBound, basis.get("throughputBound"), serviceMillis, instancesAtPeak, inputs.peak(), 1 - inputs.headroom(),
                    instancesAtMean, inputs.peak() / inputs.peakToMean(), 1 - inputs.headroom(), autoscalerMin,
                    autoscalerMax, concurrencyPerInstance, dbConcurrencyPerInstance, pools, WRONG_MODEL_SIGNAL,
                    finding());
        }
    }

    private CapacityPlan() {
    }

    /**
     * @param rate     requests per second
     * @param capacity requests per second one instance carries (C)
     * @param headroom share of capacity kept free
     * @return {@code ceil(rate / (capacity·(1−headroom)))}, at least 1
     */
    public static int instances(double rate, double capacity, double headroom) {
        return Math.max(1, (int) Math.ceil(rate / (capacity * (1 - headroom)) - 1e-9));
    }

    static double littlesLaw(double ratePerSecond, double millis) {
        return ratePerSecond * millis / 1000;
    }

    /** @return the harmonic mix of per-path capacities, by the share of requests on each path */
    static double mixedCapacity(double[] shares, double[] capacities) {
        double secondsPerRequest = 0;
        for (int i = 0; i < shares.length; i++) {
            if (shares[i] > 0) {
                secondsPerRequest += shares[i] / capacities[i];
            }
        }
        return 1 / secondsPerRequest;
    }

    static Plan plan(Inputs inputs, double capacity, double throughputBound, double serviceMillis,
                     double dbShareOfOrigin, double loadMillis, Map<String, Object> pools, Map<String, Object> basis) {
        int atPeak = instances(inputs.peak(), capacity, inputs.headroom());
        int atMean = instances(inputs.peak() / inputs.peakToMean(), capacity, inputs.headroom());
        double perInstanceAtPeak = inputs.peak() / atPeak;
        double concurrency = littlesLaw(perInstanceAtPeak, serviceMillis);
        double dbConcurrency = littlesLaw(perInstanceAtPeak * dbShareOfOrigin, loadMillis);
        return new Plan(inputs, capacity, throughputBound, serviceMillis, atPeak, atMean, Math.max(2, atMean), atPeak + 1,
                concurrency, dbConcurrency, pools, basis);
    }

    /** The plan from a benchmark report: row 5 cache-aside at its sustained rate, rows 1–3 per-path maxima. */
    static Plan fromReport(Map<String, Object> report, Inputs inputs) {
        double l1 = Tree.num(Tree.row(report, "1"), "throughput.median");
        double l2 = Tree.num(Tree.row(report, "2"), "throughput.median");
        double miss = Tree.num(Tree.row(report, "3"), "throughput.median");
        Map<String, Object> catalog = Tree.row(report, "5");
        Object cacheAside = Tree.list(catalog, "strategies").stream()
                .filter(strategy -> "cache-aside".equals(Tree.at(strategy, "strategy"))).findFirst().orElse(Map.of());
        Map<String, Object> sustained = Tree.map(cacheAside, "warm.atSustained");
        double instances = Tree.num(catalog, "instances");
        double sustainedRate = Tree.num(cacheAside, "warm.sustainedRate");
        double h1 = orZero(Tree.num(sustained, "l1HitRatio"));
        double h2 = (1 - h1) * orZero(Tree.num(sustained, "l2HitRatio"));
        double m = Math.max(0, 1 - h1 - h2);
        double bound = mixedCapacity(new double[] {h1, h2, m}, new double[] {l1, l2, miss});
        double slo = sustainedRate / instances;
        boolean measured = slo > 0 && Double.isFinite(slo);
        double service = Tree.num(sustained, "originMeanMillis");
        if (Double.isNaN(service)) {
            service = Tree.num(Tree.row(report, "1"), "fixedRate.p50Millis");
        }
        Map<String, Object> basis = new LinkedHashMap<>();
        basis.put("capacity", measured
                ? String.format(Locale.ROOT, "row 5 cache-aside held p99 <= 50 ms at %.0f req/s on %.0f instances",
                        sustainedRate, instances)
                : "row 5 has no sustained rate: the throughput bound stands in");
        basis.put("throughputBound", String.format(Locale.ROOT, "mix of rows 1-3 maxima %.0f/%.0f/%.0f req/s by row "
                + "5's origin shares L1 %.3f, L2 %.3f, miss %.3f", l1, l2, miss, h1, h2, m));
        basis.put("serviceTime", "row 5 cache-aside, instances' mean http_server_requests time at the sustained rate");
        Map<String, Object> pools = new LinkedHashMap<>();
        pools.put("nettyEventLoops", "2 x cores (Micronaut default)");
        pools.put("blockingExecutor", "virtual threads (unbounded) on JDK 21+");
        pools.put("hikariMaxPerDatasource", 10);
        pools.put("bulkheadMaxConcurrentLoads", 32);
        double originRequests = Tree.num(sustained, "originRequests");
        double dbShareOfOrigin = originRequests > 0 ? Tree.num(sustained, "databaseLoads") / originRequests : m;
        return plan(inputs, measured ? slo : bound, bound, service, dbShareOfOrigin,
                orZero(Tree.num(sustained, "loadMeanMillis")), pools, basis);
    }

    private static double orZero(double value) {
        return Double.isNaN(value) ? 0 : value;
    }

    /**
     * What {@code load/capacity} is asked: a report and the inputs.
     *
     * @param report a benchmark report ({@code load/results/*.json})
     * @param inputs peak, peak-to-mean and headroom
     */
    public record Request(Path report, Inputs inputs) {

        private static final Set<String> OPTIONS = Set.of("report", "peak", "peak-to-mean", "headroom");

        /**
         * @param args {@code [--report FILE] [--peak 5000] [--peak-to-mean 3] [--headroom 0.3]}; without a report,
         *             the newest in {@code load/results/}
         * @return the request
         * @throws IllegalArgumentException for a bad option, naming it
         */
        public static Request parse(String... args) {
            CommandLine line = CommandLine.parse(args, OPTIONS, "use --report FILE --peak N --peak-to-mean N --headroom F");
            try {
                Path report = line.has("report") ? Path.of(line.required("report")) : newest(Path.of("load/results"));
                return new Request(report, new Inputs(line.decimal("peak", Inputs.EXERCISE.peak()),
                        line.decimal("peak-to-mean", Inputs.EXERCISE.peakToMean()),
                        line.decimal("headroom", Inputs.EXERCISE.headroom())));
            } catch (IOException e) {
                throw new IllegalArgumentException(e.getMessage(), e);
            }
        }

        /**
         * @return the report as JSON leaves it, for {@link Tree}
         * @throws IOException when the report cannot be read
         */
        @SuppressWarnings("unchecked")
        public Map<String, Object> readReport() throws IOException {
            return JSON.readValue(report.toFile(), Map.class);
        }

        /**
         * @return the plan from the report
         * @throws IOException when the report cannot be read
         */
        public Plan plan() throws IOException {
            return fromReport(readReport(), inputs);
        }
    }

    /**
     * {@code load/capacity [--report FILE] [--peak 5000] [--peak-to-mean 3] [--headroom 0.3]}: the plan from the
     * newest report in {@code load/results/} unless a file is named.
     *
     * @param args the options
     * @throws IOException when no report can be read
     */
    public static void main(String[] args) throws IOException {
        Request request = CommandLine.parseOrExit("capacity", Request::parse, args);
        System.out.println("From " + request.report());
        System.out.print(request.plan().format());
    }

    /** @return the report whose run started last */
    private static Path newest(Path results) throws IOException {
        try (Stream<Path> files = Files.list(results)) {
            List<Path> reports = files.filter(file -> file.toString().endsWith(".json")).toList();
            Path newest = null;
            String newestStart = "";
            for (Path report : reports) {
                String started = String.valueOf(JSON.readValue(report.toFile(), Map.class).get("started"));
                if (started.compareTo(newestStart) > 0) {
                    newest = report;
                    newestStart = started;
                }
            }
            if (newest == null) {
                throw new IOException("no report in " + results + ": run load/benchmark first");
            }
            return newest;
        }
    }
}
