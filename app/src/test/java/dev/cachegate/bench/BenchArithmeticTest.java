package dev.cachegate.bench;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class BenchArithmeticTest {

    @Test
    void medianOfOddAndEvenCounts() {
        assertThat(Stats.median(new double[] {1, 2, 9})).isEqualTo(2);
        assertThat(Stats.median(new double[] {1, 2, 4, 9})).isEqualTo(3);
        assertThat(Stats.median(new double[0])).isNaN();
    }

    @Test
    void spreadIgnoresMissingRounds() {
        Stats.Spread spread = Stats.Spread.of(List.of(30.0, Double.NaN, 10.0, 20.0));
        assertThat(spread).isEqualTo(new Stats.Spread(20, 10, 30, 3));
        assertThat(spread.format("%.0f")).isEqualTo("20 (10–30)");
        assertThat(Stats.Spread.of(List.of()).format("%.0f")).isEqualTo("—");
        double[] rounds = {3, 1, 2};
        assertThat(Stats.Spread.of(rounds).median()).isEqualTo(2);
        assertThat(rounds).as("not reordered").containsExactly(3, 1, 2);
    }

    @Test
    void nearestRankPercentile() {
        double[] sorted = new double[100];
        for (int i = 0; i < 100; i++) {
            sorted[i] = i + 1;
        }
        assertThat(Stats.percentile(sorted, 50)).isEqualTo(50);
        assertThat(Stats.percentile(sorted, 99)).isEqualTo(99);
        assertThat(Stats.percentile(sorted, 99.9)).isEqualTo(100);
        assertThat(Stats.percentile(new double[] {7}, 1)).isEqualTo(7);
        assertThat(Stats.percentile(List.of(3.0, 1.0, 2.0), 50)).isEqualTo(2);
    }

    @Test
    void ratiosArePerRoundThenSummarised() {
        assertThat(Stats.ratio(1, 3)).isCloseTo(0.3333, within(1e-4));
        assertThat(Stats.ratio(1, 0)).isNaN();
        assertThat(Stats.times(Stats.ratio(1, 3))).isEqualTo("0.33×");
        assertThat(Stats.times(Double.NaN)).isEqualTo("—");
        assertThat(Stats.times(Stats.ratio(1, 0))).isEqualTo("—");
        assertThat(Stats.times(9.99)).isEqualTo("9.99×");
        assertThat(Stats.times(250.0 / 109_024)).isEqualTo("0.0023×");
        assertThat(Stats.times(9.996)).isEqualTo("10.0×");
        assertThat(Stats.times(12.34)).isEqualTo("12.3×");
        assertThat(Stats.times(456.4)).isEqualTo("456×");
        Stats.Spread paired = Stats.pairedRatio(List.of(10.0, 30.0, 20.0), List.of(20.0, 30.0, 80.0));
        assertThat(paired.median()).isEqualTo(0.5);
        assertThat(paired.min()).isEqualTo(0.25);
        assertThat(paired.max()).isEqualTo(1.0);
        assertThatThrownBy(() -> Stats.pairedRatio(List.of(1.0), List.of())).hasMessageContaining("rounds differ");
    }

    @Test
    void capacityPlanOfTheSeedExercise() {
        CapacityPlan.Plan plan = CapacityPlan.plan(CapacityPlan.Inputs.EXERCISE, 200, 200, 50, 0, 0, Map.of(),
                Map.of());
        assertThat(plan.instancesAtPeak()).isEqualTo(36);
        assertThat(plan.instancesAtMean()).isEqualTo(12);
        assertThat(plan.autoscalerMin()).isEqualTo(12);
        assertThat(plan.autoscalerMax()).isEqualTo(37);
        assertThat(plan.concurrencyPerInstance()).isCloseTo(5000.0 / 36 * 0.05, within(1e-9));
        assertThat(CapacityPlan.littlesLaw(200, 50)).isEqualTo(10);
    }

    @Test
    void instancesRoundUpAndNeverFallBelowOne() {
        assertThat(CapacityPlan.instances(1400, 200, 0.3)).isEqualTo(10);
        assertThat(CapacityPlan.instances(1401, 200, 0.3)).isEqualTo(11);
        assertThat(CapacityPlan.instances(10, 20_000, 0.3)).isEqualTo(1);
        CapacityPlan.Plan small = CapacityPlan.plan(CapacityPlan.Inputs.EXERCISE, 100_000, 100_000, 1, 0.1, 2,
                Map.of(), Map.of());
        assertThat(small.autoscalerMin()).as("two instances, so losing one keeps the service up").isEqualTo(2);
    }

    @Test
    void mixedCapacityIsHarmonic() {
        assertThat(CapacityPlan.mixedCapacity(new double[] {0.5, 0, 0.5}, new double[] {30_000, 1, 10_000}))
                .isCloseTo(15_000, within(1e-6));
        assertThat(CapacityPlan.mixedCapacity(new double[] {1}, new double[] {20_000})).isEqualTo(20_000);
    }

    @Test
    void capacityInputsEchoBadValues() {
        assertThatThrownBy(() -> new CapacityPlan.Inputs(5000, 3, 1.2)).hasMessageContaining("1.2");
    }

    @Test
    void capacityPlanFromAReport() {
        Map<String, Object> atSustained = Map.of("l1HitRatio", 0.5, "l2HitRatio", 0.5, "originMeanMillis", 2.0,
                "originRequests", 1000, "databaseLoads", 250, "loadMeanMillis", 4.0);
        Map<String, Object> report = Map.of("rows", List.of(
                Map.of("row", "1", "throughput", Map.of("median", 20_000)),
                Map.of("row", "2", "throughput", Map.of("median", 10_000)),
                Map.of("row", "3", "throughput", Map.of("median", 5_000)),
                Map.of("row", "5", "instances", 3, "strategies", List.of(Map.of("strategy", "cache-aside", "warm",
                        Map.of("sustainedRate", 1500, "atSustained", atSustained))))));
        CapacityPlan.Plan plan = CapacityPlan.fromReport(report, new CapacityPlan.Inputs(10_000, 2, 0.5));
        assertThat(plan.capacityPerInstance()).as("what each of 3 instances carried within the SLO").isEqualTo(500);
        assertThat(plan.throughputBound()).isCloseTo(1 / (0.5 / 20_000 + 0.25 / 10_000 + 0.25 / 5_000),
                within(1e-6));
        assertThat(plan.serviceMillis()).isEqualTo(2.0);
        assertThat(plan.instancesAtPeak()).isEqualTo(40);
        assertThat(plan.instancesAtMean()).isEqualTo(20);
        assertThat(plan.dbConcurrencyPerInstance()).isCloseTo(10_000.0 / 40 * 0.25 * 0.004, within(1e-9));
        assertThat(plan.concurrencyAtCapacity()).isEqualTo(1.0);
        assertThat(plan.finding()).contains("not what limits it");
    }

    @Test
    void withoutASustainedRateTheThroughputBoundStandsIn() {
        Map<String, Object> report = Map.of("rows", List.of(
                Map.of("row", "1", "throughput", Map.of("median", 20_000)),
                Map.of("row", "5", "instances", 3, "strategies", List.of(Map.of("strategy", "cache-aside", "warm",
                        Map.of("sustainedRate", 0, "atSustained", Map.of("l1HitRatio", 1.0)))))));
        CapacityPlan.Plan plan = CapacityPlan.fromReport(report, CapacityPlan.Inputs.EXERCISE);
        assertThat(plan.capacityPerInstance()).isEqualTo(20_000);
        assertThat(plan.basis().get("capacity").toString()).contains("no sustained rate");
    }

    @Test
    void wrkOutputIsParsed() {
        Wrk.Result result = Wrk.parse("""
                Running 5s test @ http://127.0.0.1:18081/products/1
                  2 threads and 64 connections
                  Latency Distribution
                     50%  850.00us
                     75%    1.20ms
                     90%    2.00ms
                     99%    1.50s
                  110000 requests in 5.00s, 50.00MB read
                  Socket errors: connect 0, read 2, write 0, timeout 1
                  Non-2xx or 3xx responses: 4
                Requests/sec:  22000.50
                """);
        assertThat(result.requestsPerSec()).isEqualTo(22000.5);
        assertThat(result.p50Millis()).isEqualTo(0.85);
        assertThat(result.p99Millis()).isEqualTo(1500);
        assertThat(result.requests()).isEqualTo(110000);
        assertThat(result.errors()).isEqualTo(7);
    }

    @Test
    void storeBenchmarksAreParsed() {
        double[] redis = Ceilings.parseRedisCsv("""
                "test","rps","avg_latency_ms","min_latency_ms","p50_latency_ms","p95_latency_ms","p99_latency_ms","max_latency_ms"
                "GET","55710.31","0.017","0.000","0.015","0.015","0.055","28.431"
                """);
        assertThat(redis).containsExactly(55710.31, 0.015);
        double[] pg = Ceilings.parsePgbench("latency average = 0.054 ms\ninitial connection time = 4.098 ms\n"
                + "tps = 18622.810801 (without initial connection time)\n");
        assertThat(pg).containsExactly(18622.810801, 0.054);
    }

    @Test
    void prometheusSamplesAreSummedByLabels() {
        Prometheus p = Prometheus.parse("""
                # TYPE cachegate_cache_gets_total counter
                cachegate_cache_gets_total{cache="products",layer="l1",result="hit"} 10.0
                cachegate_cache_gets_total{cache="products",layer="l1",result="miss"} 2.0
                cachegate_cache_gets_total{cache="products",layer="l2",result="hit"} 1.0
                cachegate_cache_loads_total{cache="products"} 1.0
                jvm_threads_live_threads 33.0
                """);
        assertThat(p.sum("cachegate_cache_gets_total", "layer", "l1", "result", "hit")).isEqualTo(10);
        assertThat(p.sum("cachegate_cache_gets_total", "layer", "l1")).isEqualTo(12);
        assertThat(p.sum("cachegate_cache_gets_total")).isEqualTo(13);
        assertThat(p.sum("jvm_threads_live_threads")).isEqualTo(33);
        assertThat(p.sum("absent")).isZero();
    }

    @Test
    void stackEnvAndVersionsAreRead() {
        Map<String, String> env = StackControl.parseEnv("NGINX_URL=http://127.0.0.1:18080\n"
                + "APP_URLS=\"http://127.0.0.1:1 http://127.0.0.1:2\"\n");
        assertThat(env).containsEntry("APP_URLS", "http://127.0.0.1:1 http://127.0.0.1:2");
        assertThat(FreshnessProbe.version("{\"id\":1,\"priceCents\":5,\"version\":42,\"x\":1}")).isEqualTo(42);
        assertThat(FreshnessProbe.version("")).isEqualTo(-1);
    }

    @Test
    void reportTreesAreRead() {
        Map<String, Object> tree = ReportWriter.tree(Map.of("rows", List.of(Map.of("row", "4", "ratio",
                Stats.Spread.of(List.of(0.5, 0.7, 0.6))))));
        assertThat(Tree.num(Tree.row(tree, "4"), "ratio.median")).isEqualTo(0.6);
        assertThat(Tree.num(tree, "rows.0.ratio.max")).isEqualTo(0.7);
        assertThat(Tree.num(tree, "rows.3.ratio.max")).isNaN();
        assertThat(Tree.row(tree, "9")).isEmpty();
    }

    @Test
    void loadGoesOnlyToLoopback() {
        assertThatThrownBy(() -> new OpenLoad.Spec(java.net.URI.create("http://10.0.0.1:80"), 1,
                java.time.Duration.ofSeconds(1), 1, () -> "/", java.time.Duration.ofSeconds(1)))
                .hasMessageContaining("loopback");
    }

    @Test
    void hotSetRequestsReachTheDatabaseOnlyWhenForwardedAndMissed() {
        Map<String, Long> answers = Map.of(
                "hot:MISS:L1", 500L, "hot:MISS:L2", 300L, "hot:MISS:MISS", 2L, "hot:EXPIRED:MISS", 1L,
                "hot:HIT:MISS", 150L, "hot:UPDATING:MISS", 30L, "hot:REVALIDATED:MISS", 4L, "hot:REVALIDATED:L1", 6L,
                "hot:-:MISS", 7L, "cold:MISS:MISS", 9L);
        CatalogWorkload.Reached hot = CatalogWorkload.Reached.of(answers, "hot");
        CatalogWorkload.Reached cold = CatalogWorkload.Reached.of(answers, "cold");
        assertThat(hot.requests()).isEqualTo(1000);
        assertThat(hot.database()).as("a hit or a revalidation carries the stored response's X-Cache").isEqualTo(10);
        assertThat(hot.revalidated()).isEqualTo(10);
        assertThat(hot.share()).isEqualTo(0.01);
        assertThat(hot.upperShare(25, cold)).as("16 loads left, at most the 20 that reached an instance")
                .isEqualTo(0.016);
        assertThat(hot.upperShare(100, cold)).isEqualTo(0.02);
        assertThat(hot.upperShare(12, cold)).as("never below what surely reached it").isEqualTo(0.01);
        assertThat(cold).isEqualTo(new CatalogWorkload.Reached(9, 9, 0));
        assertThat(CatalogWorkload.Reached.of(Map.of(), "hot").share()).isNaN();
        assertThat(CatalogWorkload.group("/products/50000")).isEqualTo("hot");
        assertThat(CatalogWorkload.group("/products/50001")).isEqualTo("cold");
        assertThat(CatalogWorkload.group("/products/1")).isEqualTo("hot");
    }

    @Test
    void freshnessIsItsDelaysMaxAndP99AndWhetherAllMadeTheBudget() {
        List<Double> delays = new ArrayList<>();
        for (int i = 1; i <= 200; i++) {
            delays.add(i * 10.0);
        }
        FreshnessProbe.Result result = new FreshnessProbe.Result(200, 0, delays, 0);
        assertThat(result.maxMillis()).isEqualTo(2000);
        assertThat(result.p99Millis()).isEqualTo(1980);
        assertThat(result.p50Millis()).isEqualTo(1000);
        assertThat(result.allWithinBudget()).isTrue();
        assertThat(new FreshnessProbe.Result(201, 0, delays, 1).allWithinBudget()).isFalse();
        assertThat(new FreshnessProbe.Result(0, 0, List.of(), 0).allWithinBudget()).as("nothing measured").isFalse();
        assertThat(new FreshnessProbe.Result(0, 0, List.of(), 0).p99Millis()).isNaN();
    }

    @Test
    void extremesLeaveMissingSamplesOut() {
        assertThat(Stats.lowest(Double.NaN, 1)).isEqualTo(1);
        assertThat(Stats.lowest(0, 1)).isZero();
        assertThat(Stats.highest(3.5, Double.NaN)).isEqualTo(3.5);
        assertThat(Stats.highest(Double.NaN, Double.NaN)).isNaN();
        Prometheus p = Prometheus.parse("""
                cachegate_changes_trusted{cache="products"} 0.0
                cachegate_changes_watermark_age_seconds{cache="products"} 4.2
                """);
        assertThat(p.value("cachegate_changes_trusted", "cache", "products")).isZero();
        assertThat(p.value("cachegate_changes_watermark_age_seconds", "cache", "products")).isEqualTo(4.2);
        assertThat(p.value("cachegate_changes_trusted", "cache", "sessions")).as("not exported").isNaN();
    }

    @Test
    void issue10TableHasEveryRunWithItsTargets() {
        Map<String, Object> steady = Map.of("targetRate", 250, "databaseShare", 0.012, "databaseShareHolds", false,
                "databaseLoads", 90, "answers", Map.of("hot:MISS:MISS", 3, "hot:MISS:L2", 7000,
                        "hot:REVALIDATED:MISS", 422, "cold:MISS:MISS", 85));
        Map<String, Object> freshness = Map.of("updates", 120, "stalePastBudget", 0, "allWithinBudget", true,
                "visibleEverywhereMaxMillis", 2600.0, "visibleEverywhereP99Millis", 1500.0);
        Map<String, Object> report = ReportWriter.tree(Map.of("rows", List.of(
                Map.of("row", "5", "strategies", List.of(Map.of("strategy", "cache-aside", "steady", steady,
                        "freshness", freshness))),
                Map.of("row", "5o", "steady", steady, "freshness", Map.of("updates", 100, "stalePastBudget", 2,
                        "allWithinBudget", false), "newSustainedRate", 250, "oldSustainedRate", 375),
                Map.of("row", "5f", "runs", List.of(Map.of("fault", "b", "what", "app1's subscription blocked",
                        "rate", 250, "load", steady, "freshness", freshness, "changeFeed", Map.of("affected",
                                List.of("app1"), "affectedMinTrusted", 0.0, "affectedMaxWatermarkAgeSeconds", 90.5),
                        "events", List.of(Map.of("what", "inject", "ok", false, "error", "404"))))))));
        List<Map<String, Object>> table = ReportWriter.invalidationTable(report);
        assertThat(table).extracting(e -> e.get("run")).containsExactly("cache-aside, new design",
                "cache-aside, old design (TTL only)", "fault b: app1's subscription blocked");
        assertThat(table.get(1).get("allWithinBudget")).isEqualTo(false);
        assertThat(table.get(1).get("notes").toString()).contains("new cache-aside sustained 250, the old design 375");
        assertThat(table.get(2).get("notes").toString()).contains("app1 lowest trusted 0")
                .contains("highest watermark age 90.5 s").contains("FAILED to inject: 404");
        report.put("freshnessByInvalidation", table);
        StringBuilder md = new StringBuilder();
        ReportWriter.invalidation(md, report);
        assertThat(md.toString()).contains("## Freshness by invalidation (issue 10)")
                .contains("| cache-aside, new design | 1.20% (misses) | 0.040%–0.067% (holds) (3 of 7,425 surely, 422 "
                        + "revalidated) | 2.60 s | 1.50 s | yes (120 updates, 0 stale past 60 s) |")
                .contains("| no (100 updates, 2 stale past 60 s) |");
    }
}
