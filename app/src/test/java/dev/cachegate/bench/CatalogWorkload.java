package dev.cachegate.bench;

import dev.cachegate.catalogdata.PopularityModel;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Row 5, the seed's catalog workload through nginx to three instances, once per cache strategy: 99% of reads on the
 * top 50,000 products of a catalog of at least a million, price updates running throughout, and for each strategy
 *
 * <ul>
 *   <li>a cold run: fresh instances and an empty cache Redis and CDN, no warm-up, at the rate cache-aside sustained;</li>
 *   <li>the hot-set warm-up (not for strategy none): every hot id read once through nginx, 32 at a time, so the
 *       caches hold the hot set after one read of each rather than after the hours a random workload needs to draw
 *       every id;</li>
 *   <li>a warm search: the rate stepped up (×1.5) from {@code --start-rate}, or down (×0.5) when that already fails,
 *       until the highest rate at which p99 ≤ 50 ms with at most 0.1% errors;</li>
 *   <li>at that rate, a steady-state run of {@code --steady-seconds}: the hit ratio at nginx, L1 and L2, the share of
 *       requests that reached the database (rows read by cache loads and by the L2 preload ÷ requests, from the
 *       instances' own counters) and the share of hot-set requests that did ({@link Reached});</li>
 *   <li>price freshness end to end over the whole strategy run ({@link FreshnessProbe}).</li>
 * </ul>
 *
 * <p>The steps of a run (fresh instances, warm-ups, a measured step, freshness) are also the parts of issue 10's rows
 * ({@link InvalidationRows}).
 */
final class CatalogWorkload {

    static final String STRATEGY = "CACHEGATE_CATALOG_CACHE_STRATEGY";
    static final double DATABASE_SHARE_TARGET = 0.01;
    static final double HOT_SET_DATABASE_SHARE_TARGET = 0.001;
    static final double MIN_RATE = 100;
    static final Set<String> CDN_HITS = Set.of("HIT", "STALE", "UPDATING", "REVALIDATED");
    private static final double SLO_P99_MILLIS = 50;
    private static final double MAX_ERROR_SHARE = 0.001;
    private static final int CONNECTIONS = 256;
    private static final int WARMUP_CONNECTIONS = 32;
    private static final double WARMUP_RATE = 50_000;
    private static final Duration WARMUP_LIMIT = Duration.ofMinutes(8);
    static final Duration PRELOAD_LIMIT = Duration.ofMinutes(10);

    private final Benchmark.Options options;
    private final StackControl stack;
    private final double ceilingRate;

    CatalogWorkload(Benchmark.Options options, StackControl stack, double ceilingRate) {
        this.options = options;
        this.stack = stack;
        this.ceilingRate = ceilingRate;
    }

    /** What runs on a strategy's warm instances after its freshness is measured (the probe stopped). */
    interface AfterWarm {
        void run(String strategy, double sustainedRate) throws IOException, InterruptedException;
    }

    Map<String, Object> run(AfterWarm afterWarm) throws IOException, InterruptedException {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("row", "5");
        row.put("what", "catalog workload through nginx (" + options.catalogSize + " products, 99% of reads on the "
                + "top 50,000, " + options.priceUpdates + " price updates/s), per strategy");
        row.put("ceiling", "C2");
        row.put("ceilingRate", ceilingRate);
        row.put("instances", stack.instances().size());
        List<Map<String, Object>> strategies = new ArrayList<>();
        double coldRate = Double.NaN;
        Map<String, Object> deferredCold = null;
        for (String strategy : options.strategies) {
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("strategy", strategy);
            double readySeconds = fresh(strategy, Map.of(STRATEGY, strategy));
            try (FreshnessProbe probe = probe()) {
                probe.start();
                if (!Double.isNaN(coldRate)) {
                    result.put("cold", cold(coldRate, readySeconds));
                }
                result.putAll(searched(strategy, probe, Double.POSITIVE_INFINITY));
                result.put("freshness", freshness(probe.stop()));
            }
            afterWarm.run(strategy, sustained(result));
            if (Double.isNaN(coldRate)) {
                coldRate = sustained(result);
                deferredCold = result;
            }
            strategies.add(result);
        }
        if (deferredCold != null) {
            String strategy = (String) deferredCold.get("strategy");
            deferredCold.put("cold", cold(coldRate, fresh(strategy, Map.of(STRATEGY, strategy))));
        }
        row.put("coldRate", coldRate);
        row.put("coldFirstSeconds", coldFirstSeconds(options.coldSeconds));
        row.put("strategies", strategies);
        return row;
    }

    /**
     * The warm part of a strategy's run: the hot-set warm-up, the JIT warm-up, the search, and the steady-state run at
     * the sustained rate or {@code steadyCap}, whichever is lower.
     *
     * @return {@code hotSetWarmup}, {@code warm} (the search), {@code steady}
     */
    Map<String, Object> searched(String what, FreshnessProbe probe, double steadyCap)
            throws IOException, InterruptedException {
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("preload", awaitPreload(what));
        result.put("hotSetWarmup", what.equals("none") ? Map.of("skipped", "strategy none caches nothing")
                : warmHotSet(what));
        Benchmark.progress("  %s: warm-up", what);
        load(options.startRate, options.catalogWarmup);
        Map<String, Object> warm = search(what, probe);
        result.put("warm", warm);
        double rate = Math.min(steadyCap, Math.max(MIN_RATE, Tree.num(warm, "sustainedRate")));
        Benchmark.progress("  %s: steady state at %.0f req/s for %d s", what, rate, options.steadySeconds);
        result.put("steady", measure(rate, options.steadySeconds, probe));
        return result;
    }

    /** @return the rate a searched run sustained, at least {@link #MIN_RATE} */
    static double sustained(Map<String, Object> run) {
        double rate = Tree.num(run, "warm.sustainedRate");
        return Double.isNaN(rate) ? MIN_RATE : Math.max(MIN_RATE, rate);
    }

    /**
     * Fresh instances (and nginx) with these settings, and an empty cache Redis and CDN.
     *
     * @return seconds from the restart until every instance's readiness opened (after its own warm-up)
     */
    double fresh(String what, Map<String, String> settings) throws IOException, InterruptedException {
        Benchmark.progress("  %s: fresh instances, empty cache Redis and CDN", what);
        stack.flushCacheRedis();
        long started = System.nanoTime();
        stack.restart(settings, "app1", "app2", "app3", "nginx");
        return (System.nanoTime() - started) / 1e9;
    }

    /** Waits for the cluster's L2 preload of the whole catalog, which fresh instances start on an empty cache Redis. */
    Map<String, Object> awaitPreload(String what) throws IOException, InterruptedException {
        Benchmark.progress("  %s: waiting for the L2 preload", what);
        return stack.awaitPreload(PRELOAD_LIMIT);
    }

    /**
     * Reads every hot id once through nginx, {@value #WARMUP_CONNECTIONS} at a time (the requests are all due at
     * once; the connections take them as they answer).
     */
    Map<String, Object> warmHotSet(String what) throws InterruptedException {
        long hot = PopularityModel.STANDARD_HOT_SET_SIZE;
        Benchmark.progress("  %s: hot-set warm-up, ids 1..%d through nginx", what, hot);
        long[] next = {0};
        long started = System.nanoTime();
        OpenLoad.Result result = OpenLoad.run(new OpenLoad.Spec(stack.cdn(), WARMUP_RATE,
                Duration.ofNanos((long) (hot * 1e9 / WARMUP_RATE)), WARMUP_CONNECTIONS,
                () -> "/products/" + (1 + next[0]++ % hot), WARMUP_LIMIT));
        double seconds = (System.nanoTime() - started) / 1e9;
        Map<String, Object> warmup = new LinkedHashMap<>();
        warmup.put("ids", hot);
        warmup.put("connections", WARMUP_CONNECTIONS);
        warmup.put("seconds", seconds);
        warmup.put("ratePerSecond", Stats.ratio(result.answered(), seconds));
        warmup.put("errors", result.errors());
        warmup.put("complete", result.ok() == hot);
        warmup.put("statuses", result.statuses());
        warmup.put("layers", result.answers());
        return warmup;
    }

    FreshnessProbe probe() {
        return new FreshnessProbe(stack.instances(), stack.cdn(), stack.get("CACHEGATE_ADMIN_TOKEN"),
                options.priceUpdates, 50_000, options.budget, 7);
    }

    /**
     * Load on instances just made {@link #fresh}: the first third of {@code cold-seconds} (at most 10 s, the issue's
     * bound for p99 to be back under the SLO), then the rest.
     *
     * @param readySeconds how long the restart took until every instance's readiness opened
     */
    private Map<String, Object> cold(double rate, double readySeconds) throws InterruptedException {
        Benchmark.progress("  cold start at %.0f req/s", rate);
        Map<String, Object> cold = new LinkedHashMap<>();
        cold.put("rate", Math.round(rate));
        cold.put("readySeconds", readySeconds);
        int first = coldFirstSeconds(options.coldSeconds);
        cold.put("first" + first + "s", Benchmark.latency(load(rate, first), rate));
        int rest = Math.max(1, options.coldSeconds - first);
        cold.put("next" + rest + "s", Benchmark.latency(load(rate, rest), rate));
        return cold;
    }

    /** @return the length of a cold run's first part: a third of it, 1 to 10 s */
    static int coldFirstSeconds(int coldSeconds) {
        return Math.max(1, Math.min(10, coldSeconds / 3));
    }

    private Map<String, Object> search(String strategy, FreshnessProbe probe) throws IOException, InterruptedException {
        List<Map<String, Object>> steps = new ArrayList<>();
        Map<String, Object> best = null;
        double rate = options.startRate;
        boolean up = true;
        while (rate >= MIN_RATE && rate <= options.maxRate) {
            Benchmark.progress("  %s: step at %.0f req/s", strategy, rate);
            Map<String, Object> step = measure(rate, options.stepSeconds, probe);
            boolean holds = Boolean.TRUE.equals(step.get("holdsSlo"));
            steps.add(step);
            if (holds) {
                best = step;
                if (!up) {
                    break;
                }
                rate *= 1.5;
            } else if (best == null) {
                up = false;
                rate *= 0.5;
            } else {
                break;
            }
        }
        Map<String, Object> warm = new LinkedHashMap<>();
        warm.put("sustainedRate", best == null ? 0 : best.get("targetRate"));
        warm.put("atSustained", best);
        warm.put("steps", steps);
        return warm;
    }

    /**
     * One measured step of the catalog workload through nginx, with what the instances' counters and the answers'
     * headers say about it.
     *
     * @param probe the freshness probe running meanwhile (its reads count as requests), or null
     */
    Map<String, Object> measure(double rate, int seconds, FreshnessProbe probe) throws InterruptedException {
        List<Counters> before = Counters.perInstance(stack.instances());
        long probeReads = probe == null ? 0 : probe.reads();
        OpenLoad.Result result = load(rate, seconds);
        List<Counters> after = Counters.perInstance(stack.instances());
        Map<String, Object> step = Benchmark.latency(result, rate);
        step.put("errorShare", result.errorShare());
        step.putAll(Counters.sum(after).minus(Counters.sum(before))
                .ratios(result, (probe == null ? 0 : probe.reads()) - probeReads));
        step.put("cdnStatuses", result.cdnStatuses());
        step.put("answers", result.answers());
        List<Double> untrusted = new ArrayList<>();
        for (int i = 0; i < after.size(); i++) {
            untrusted.add(after.get(i).untrusted() - before.get(i).untrusted());
        }
        step.put("untrustedReadsByInstance", untrusted);
        step.put("holdsSlo", result.millis(99) <= SLO_P99_MILLIS && result.errorShare() <= MAX_ERROR_SHARE
                && result.issued() / result.seconds() >= 0.95 * rate);
        return step;
    }

    private OpenLoad.Result load(double rate, int seconds) throws InterruptedException {
        return OpenLoad.run(new OpenLoad.Spec(stack.cdn(), rate, Duration.ofSeconds(seconds), CONNECTIONS,
                Benchmark.catalogPaths(options.catalogSize, System.nanoTime()), Duration.ofSeconds(5),
                CatalogWorkload::group));
    }

    /** @return {@code hot} for a product path of the hot set (ids 1..50,000), {@code cold} for any other */
    static String group(String path) {
        String id = path.substring(path.lastIndexOf('/') + 1);
        return id.matches("[0-9]{1,18}") && Long.parseLong(id) <= PopularityModel.STANDARD_HOT_SET_SIZE
                ? "hot" : "cold";
    }

    Map<String, Object> freshness(FreshnessProbe.Result result) {
        Map<String, Object> freshness = new LinkedHashMap<>();
        freshness.put("updates", result.updates());
        freshness.put("failedUpdates", result.failed());
        freshness.put("visibleEverywhereMaxMillis", result.maxMillis());
        freshness.put("visibleEverywhereP50Millis", result.p50Millis());
        freshness.put("visibleEverywhereP99Millis", result.p99Millis());
        freshness.put("stalePastBudget", result.stale());
        freshness.put("allWithinBudget", result.allWithinBudget());
        freshness.put("budgetSeconds", options.budget.toSeconds());
        return freshness;
    }

    /**
     * The requests of one group of paths, and how many of them reached the database, as far as the answers tell:
     * {@code database} were forwarded by nginx (or sent directly) and answered {@code X-Cache: MISS}: they did;
     * {@code revalidated} were revalidations, which reach an instance but carry the stored response's {@code X-Cache}
     * (as do nginx's hits), so whether they did is not known from the answer. The instances' load counters bound them:
     * {@link #upperShare} counts every load not explained by the other group's misses.
     */
    record Reached(long requests, long database, long revalidated) {

        private static final Set<String> NGINX_ANSWERED = Set.of("HIT", "STALE", "UPDATING");

        /** @param answers {@link OpenLoad.Result#answers()} */
        static Reached of(Map<String, Long> answers, String group) {
            long requests = 0;
            long database = 0;
            long revalidated = 0;
            for (Map.Entry<String, Long> answer : answers.entrySet()) {
                String[] parts = answer.getKey().split(":", 3);
                if (parts.length == 3 && parts[0].equals(group)) {
                    requests += answer.getValue();
                    if (parts[1].equals("REVALIDATED")) {
                        revalidated += answer.getValue();
                    } else if (!NGINX_ANSWERED.contains(parts[1]) && parts[2].equals("MISS")) {
                        database += answer.getValue();
                    }
                }
            }
            return new Reached(requests, database, revalidated);
        }

        /** @return the share of the group's requests that surely reached the database (a lower bound) */
        double share() {
            return Stats.ratio(database, requests);
        }

        /**
         * @param loads rows the instances loaded meanwhile
         * @param other the other requests' answers ({@code cold}), whose forwarded misses are loads too
         * @return the most of the group's requests that can have reached the database: every load but the other
         *         group's forwarded misses, at most the requests that reached an instance (loads caused by the
         *         freshness probe's own reads are counted here too)
         */
        double upperShare(double loads, Reached other) {
            return Stats.ratio(Math.max(database, Math.min(database + revalidated, loads - other.database)), requests);
        }
    }

    /**
     * The instances' cache and request counters: reads that skipped the caches because the change feed was behind
     * ({@code untrusted}) and invalidations dropped by an injected fault ({@code dropped}) beside the hits, misses and
     * loads.
     */
    record Counters(double l1Hits, double l1Misses, double l2Hits, double l2Misses, double loads, double loadSeconds,
                    double requests, double requestSeconds, double untrusted, double dropped, double preloadRows) {

        static final Counters ZERO = new Counters(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);

        /** @return summed over the cluster */
        static Counters scrape(List<URI> instances) {
            return sum(perInstance(instances));
        }

        /** @return one per instance, in order; zero for an instance that could not be scraped */
        static List<Counters> perInstance(List<URI> instances) {
            List<Counters> counters = new ArrayList<>();
            for (URI instance : instances) {
                Counters one = ZERO;
                try {
                    one = of(Prometheus.scrape(instance));
                } catch (IOException e) {
                    Benchmark.progress("  could not scrape %s: %s", instance, e.getMessage());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                counters.add(one);
            }
            return counters;
        }

        static Counters of(Prometheus p) {
            String gets = "cachegate_cache_gets_total";
            return new Counters(p.sum(gets, "layer", "l1", "result", "hit"),
                    p.sum(gets, "layer", "l1", "result", "miss"), p.sum(gets, "layer", "l2", "result", "hit"),
                    p.sum(gets, "layer", "l2", "result", "miss"), p.sum("cachegate_cache_loads_total"),
                    p.sum("cachegate_cache_load_seconds_sum"),
                    p.sum("http_server_requests_seconds_count", "uri", "/products/{id}"),
                    p.sum("http_server_requests_seconds_sum", "uri", "/products/{id}"),
                    p.sum("cachegate_cache_untrusted_total"),
                    p.sum("cachegate_cache_invalidations_total", "result", "dropped"),
                    p.sum("cachegate_catalog_preload_rows_total"));
        }

        static Counters sum(List<Counters> counters) {
            return counters.stream().reduce(ZERO, Counters::plus);
        }

        Counters plus(Counters o) {
            return new Counters(l1Hits + o.l1Hits, l1Misses + o.l1Misses, l2Hits + o.l2Hits, l2Misses + o.l2Misses,
                    loads + o.loads, loadSeconds + o.loadSeconds, requests + o.requests,
                    requestSeconds + o.requestSeconds, untrusted + o.untrusted, dropped + o.dropped,
                    preloadRows + o.preloadRows);
        }

        Counters minus(Counters o) {
            return new Counters(l1Hits - o.l1Hits, l1Misses - o.l1Misses, l2Hits - o.l2Hits, l2Misses - o.l2Misses,
                    loads - o.loads, loadSeconds - o.loadSeconds, requests - o.requests,
                    requestSeconds - o.requestSeconds, untrusted - o.untrusted, dropped - o.dropped,
                    preloadRows - o.preloadRows);
        }

        /**
         * @param result     the workload's step
         * @param probeReads the freshness probe's reads during the step, which count as requests too
         */
        Map<String, Object> ratios(OpenLoad.Result result, long probeReads) {
            Map<String, Object> ratios = new LinkedHashMap<>();
            long cdnHits = result.cdnStatuses().entrySet().stream()
                    .filter(e -> CDN_HITS.contains(e.getKey()))
                    .mapToLong(Map.Entry::getValue).sum();
            ratios.put("cdnHitRatio", Stats.ratio(cdnHits, result.answered()));
            ratios.put("l1HitRatio", Stats.ratio(l1Hits, l1Hits + l1Misses));
            ratios.put("l2HitRatio", Stats.ratio(l2Hits, l2Hits + l2Misses));
            double databaseShare = Stats.ratio(loads + preloadRows, result.issued() + probeReads);
            Reached hot = Reached.of(result.answers(), "hot");
            double hotUpper = hot.upperShare(loads, Reached.of(result.answers(), "cold"));
            ratios.put("databaseShare", databaseShare);
            ratios.put("databaseShareTarget", DATABASE_SHARE_TARGET);
            ratios.put("databaseShareHolds", databaseShare <= DATABASE_SHARE_TARGET);
            ratios.put("hotSetRequests", hot.requests());
            ratios.put("hotSetReachedDatabase", hot.database());
            ratios.put("hotSetDatabaseShare", hot.share());
            ratios.put("hotSetDatabaseShareTarget", HOT_SET_DATABASE_SHARE_TARGET);
            ratios.put("hotSetRevalidated", hot.revalidated());
            ratios.put("hotSetDatabaseShareUpper", hotUpper);
            ratios.put("hotSetDatabaseShareHolds", hotUpper <= HOT_SET_DATABASE_SHARE_TARGET);
            ratios.put("probeReads", probeReads);
            ratios.put("originRequests", requests);
            ratios.put("originMeanMillis", Stats.ratio(requestSeconds * 1000, requests));
            ratios.put("databaseLoads", loads);
            ratios.put("preloadRows", preloadRows);
            ratios.put("loadMeanMillis", Stats.ratio(loadSeconds * 1000, loads));
            ratios.put("untrustedReads", untrusted);
            ratios.put("droppedInvalidations", dropped);
            ratios.put("seconds", result.seconds());
            return ratios;
        }
    }
}
