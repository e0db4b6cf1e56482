package dev.cachegate.bench;

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
 *   <li>a warm search: the rate stepped up (×1.5) from {@code --start-rate}, or down (×0.5) when that already fails,
 *       until the highest rate at which p99 ≤ 50 ms with at most 0.1% errors;</li>
 *   <li>at that rate: the hit ratio at nginx, L1 and L2, and the share of requests that reached the database
 *       (rows read by cache loads ÷ requests), from the instances' own counters;</li>
 *   <li>price freshness end to end over the whole strategy run ({@link FreshnessProbe}).</li>
 * </ul>
 */
final class CatalogWorkload {

    private static final double SLO_P99_MILLIS = 50;
    private static final double MAX_ERROR_SHARE = 0.001;
    private static final int CONNECTIONS = 256;
    private static final double MIN_RATE = 100;

    private final Benchmark.Options options;
    private final StackControl stack;
    private final double ceilingRate;

    CatalogWorkload(Benchmark.Options options, StackControl stack, double ceilingRate) {
        this.options = options;
        this.stack = stack;
        this.ceilingRate = ceilingRate;
    }

    Map<String, Object> run() throws IOException, InterruptedException {
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
            fresh(strategy);
            try (FreshnessProbe probe = probe()) {
                probe.start();
                if (!Double.isNaN(coldRate)) {
                    result.put("cold", cold(coldRate));
                }
                Benchmark.progress("  %s: warm-up", strategy);
                load(options.startRate, options.catalogWarmup);
                result.put("warm", search(strategy, probe));
                result.put("freshness", freshness(probe.stop()));
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> warm = (Map<String, Object>) result.get("warm");
            if (Double.isNaN(coldRate)) {
                coldRate = Math.max(MIN_RATE, ((Number) warm.getOrDefault("sustainedRate", MIN_RATE)).doubleValue());
                deferredCold = result;
            }
            strategies.add(result);
        }
        if (deferredCold != null) {
            fresh((String) deferredCold.get("strategy"));
            deferredCold.put("cold", cold(coldRate));
        }
        row.put("coldRate", coldRate);
        row.put("strategies", strategies);
        return row;
    }

    private void fresh(String strategy) throws IOException, InterruptedException {
        Benchmark.progress("  %s: fresh instances, empty cache Redis and CDN", strategy);
        stack.flushCacheRedis();
        stack.restart(Map.of("CACHEGATE_CATALOG_CACHE_STRATEGY", strategy), "app1", "app2", "app3", "nginx");
    }

    private FreshnessProbe probe() {
        return new FreshnessProbe(stack.instances(), stack.cdn(), stack.get("CACHEGATE_ADMIN_TOKEN"),
                options.priceUpdates, 50_000, options.budget, 7);
    }

    private Map<String, Object> cold(double rate) throws InterruptedException {
        Benchmark.progress("  cold start at %.0f req/s", rate);
        Map<String, Object> cold = new LinkedHashMap<>();
        cold.put("rate", Math.round(rate));
        int half = Math.max(1, options.coldSeconds / 2);
        cold.put("first" + half + "s", Benchmark.latency(load(rate, half), rate));
        cold.put("next" + half + "s", Benchmark.latency(load(rate, half), rate));
        return cold;
    }

    private Map<String, Object> search(String strategy, FreshnessProbe probe) throws IOException, InterruptedException {
        List<Map<String, Object>> steps = new ArrayList<>();
        Map<String, Object> best = null;
        double rate = options.startRate;
        boolean up = true;
        while (rate >= MIN_RATE && rate <= options.maxRate) {
            Benchmark.progress("  %s: step at %.0f req/s", strategy, rate);
            Counters before = Counters.scrape(stack.instances());
            long probeReads = probe.reads();
            OpenLoad.Result result = load(rate, options.stepSeconds);
            Counters after = Counters.scrape(stack.instances());
            Map<String, Object> step = Benchmark.latency(result, rate);
            step.putAll(after.minus(before).ratios(result, probe.reads() - probeReads));
            step.put("cdnStatuses", result.cdnStatuses());
            boolean holds = result.millis(99) <= SLO_P99_MILLIS && result.errorShare() <= MAX_ERROR_SHARE
                    && result.issued() / result.seconds() >= 0.95 * rate;
            step.put("holdsSlo", holds);
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

    private OpenLoad.Result load(double rate, int seconds) throws InterruptedException {
        return OpenLoad.run(new OpenLoad.Spec(stack.cdn(), rate, Duration.ofSeconds(seconds), CONNECTIONS,
                Benchmark.catalogPaths(options.catalogSize, System.nanoTime()), Duration.ofSeconds(5)));
    }

    private Map<String, Object> freshness(FreshnessProbe.Result result) {
        Map<String, Object> freshness = new LinkedHashMap<>();
        freshness.put("updates", result.updates());
        freshness.put("failedUpdates", result.failed());
        freshness.put("visibleEverywhereMaxMillis", result.maxMillis());
        freshness.put("visibleEverywhereP50Millis", result.p50Millis());
        freshness.put("visibleEverywhereP99Millis", result.p99Millis());
        freshness.put("stalePastBudget", result.stale());
        freshness.put("budgetSeconds", options.budget.toSeconds());
        return freshness;
    }

    /** The instances' cache and request counters, summed over the cluster. */
    record Counters(double l1Hits, double l1Misses, double l2Hits, double l2Misses, double loads, double loadSeconds,
                    double requests, double requestSeconds) {

        static Counters scrape(List<URI> instances) {
            Counters total = new Counters(0, 0, 0, 0, 0, 0, 0, 0);
            for (URI instance : instances) {
                try {
                    Prometheus p = Prometheus.scrape(instance);
                    String gets = "cachegate_cache_gets_total";
                    total = total.plus(new Counters(p.sum(gets, "layer", "l1", "result", "hit"),
                            p.sum(gets, "layer", "l1", "result", "miss"), p.sum(gets, "layer", "l2", "result", "hit"),
                            p.sum(gets, "layer", "l2", "result", "miss"), p.sum("cachegate_cache_loads_total"),
                            p.sum("cachegate_cache_load_seconds_sum"),
                            p.sum("http_server_requests_seconds_count", "uri", "/products/{id}"),
                            p.sum("http_server_requests_seconds_sum", "uri", "/products/{id}")));
                } catch (IOException e) {
                    Benchmark.progress("  could not scrape %s: %s", instance, e.getMessage());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return total;
        }

        Counters plus(Counters o) {
            return new Counters(l1Hits + o.l1Hits, l1Misses + o.l1Misses, l2Hits + o.l2Hits, l2Misses + o.l2Misses,
                    loads + o.loads, loadSeconds + o.loadSeconds, requests + o.requests,
                    requestSeconds + o.requestSeconds);
        }

        Counters minus(Counters o) {
            return new Counters(l1Hits - o.l1Hits, l1Misses - o.l1Misses, l2Hits - o.l2Hits, l2Misses - o.l2Misses,
                    loads - o.loads, loadSeconds - o.loadSeconds, requests - o.requests,
                    requestSeconds - o.requestSeconds);
        }

        /**
         * @param result     the workload's step
         * @param probeReads the freshness probe's reads during the step, which count as requests too
         */
        Map<String, Object> ratios(OpenLoad.Result result, long probeReads) {
            Map<String, Object> ratios = new LinkedHashMap<>();
            long cdnHits = result.cdnStatuses().entrySet().stream()
                    .filter(e -> Set.of("HIT", "STALE", "UPDATING", "REVALIDATED").contains(e.getKey()))
                    .mapToLong(Map.Entry::getValue).sum();
            ratios.put("cdnHitRatio", Stats.ratio(cdnHits, result.answered()));
            ratios.put("l1HitRatio", Stats.ratio(l1Hits, l1Hits + l1Misses));
            ratios.put("l2HitRatio", Stats.ratio(l2Hits, l2Hits + l2Misses));
            ratios.put("databaseShare", Stats.ratio(loads, result.issued() + probeReads));
            ratios.put("probeReads", probeReads);
            ratios.put("originRequests", requests);
            ratios.put("originMeanMillis", Stats.ratio(requestSeconds * 1000, requests));
            ratios.put("databaseLoads", loads);
            ratios.put("loadMeanMillis", Stats.ratio(loadSeconds * 1000, loads));
            ratios.put("seconds", result.seconds());
            return ratios;
        }
    }
}
