package dev.cachegate.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Writes a benchmark report as JSON, as markdown with the same figures, and as the PNG charts the markdown embeds. */
final class ReportWriter {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private ReportWriter() {
    }

    /** @return the report as JSON leaves it: maps, lists, numbers and strings */
    @SuppressWarnings("unchecked")
    static Map<String, Object> tree(Map<String, Object> report) {
        return JSON.convertValue(report, LinkedHashMap.class);
    }

    /** @return JSON text as a tree */
    @SuppressWarnings("unchecked")
    static Map<String, Object> parse(String json) throws IOException {
        return JSON.readValue(json, LinkedHashMap.class);
    }

    /**
     * Writes a report again from its JSON, its derived figures recomputed.
     *
     * @param args the report's directory and name, e.g. {@code load/results 2026-12-02-5f1a2df}
     */
    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args[0]);
        write(parse(Files.readString(dir.resolve(args[1] + ".json"))), dir, args[1]);
    }

    static void write(Map<String, Object> tree, Path dir, String name) throws IOException {
        Files.createDirectories(dir);
        tree.put("freshnessByInvalidation", invalidationTable(tree));
        JSON.writeValue(dir.resolve(name + ".json").toFile(), tree);
        String throughputPng = name + "-throughput.png";
        String catalogPng = name + "-catalog.png";
        Charts.barsAgainstCeilings("Throughput of each path beside its ceiling (median req/s, same run)",
                bars(tree), dir.resolve(throughputPng));
        Map<String, double[]> series = new LinkedHashMap<>();
        List<String> strategies = new ArrayList<>();
        List<Object> results = Tree.list(Tree.row(tree, "5"), "strategies");
        String[] keys = {"cdnHitRatio", "l1HitRatio", "l2HitRatio", "databaseShare"};
        String[] labels = {"nginx hit", "L1 hit", "L2 hit", "reached the database"};
        for (int k = 0; k < keys.length; k++) {
            double[] values = new double[results.size()];
            for (int i = 0; i < results.size(); i++) {
                values[i] = 100 * Tree.num(steady(results.get(i)), keys[k]);
            }
            series.put(labels[k], values);
        }
        results.forEach(result -> strategies.add(String.valueOf(Tree.at(result, "strategy"))));
        Charts.groupedBars("Catalog workload at the sustained rate: where requests were answered (%)", strategies,
                series, "%", dir.resolve(catalogPng));
        Files.writeString(dir.resolve(name + ".md"), markdown(tree, throughputPng, catalogPng));
    }

    private static List<Charts.Bar> bars(Map<String, Object> tree) {
        List<Charts.Bar> bars = new ArrayList<>();
        for (String id : List.of("1", "2", "3", "4")) {
            Map<String, Object> row = Tree.row(tree, id);
            bars.add(new Charts.Bar("row " + id + ": " + row.get("what"), Tree.num(row, "throughput.median"),
                    Tree.num(row, "ceilingThroughput.median"), String.valueOf(row.get("ceiling")), "req/s"));
        }
        Map<String, Object> catalog = Tree.row(tree, "5");
        for (Object strategy : Tree.list(catalog, "strategies")) {
            bars.add(new Charts.Bar("row 5: catalog, " + Tree.at(strategy, "strategy") + " (sustained, p99 <= 50 ms)",
                    Tree.num(strategy, "warm.sustainedRate"), Tree.num(catalog, "ceilingRate"), "C2", "req/s"));
        }
        return bars;
    }

    static String markdown(Map<String, Object> tree, String throughputPng, String catalogPng) {
        StringBuilder md = new StringBuilder();
        md.append("# cachegate benchmark ").append(tree.get("started")).append(" (").append(tree.get("gitSha"))
                .append(")\n\n");
        md.append(String.format(Locale.ROOT, "Machine: %s cores, %s. JVM: %s, flags `%s`. Method: %s rounds of %s s "
                        + "per side, alternating A and B; closed-loop `wrk %s`; open-model latency for %s s at %s of "
                        + "the lower of the two sides' median maxima, the same rate for both. Took %.1f minutes.%n%n",
                Tree.at(tree, "machine.cores"), Tree.at(tree, "machine.os"), Tree.at(tree, "jvm.jdk"),
                Tree.at(tree, "jvm.flags"), Tree.at(tree, "method.rounds"), Tree.at(tree, "method.roundSeconds"),
                Tree.at(tree, "method.wrk"), Tree.at(tree, "method.fixedRateSeconds"),
                Tree.at(tree, "method.fixedShare"), Tree.num(tree, "minutes")));
        List<Object> retries = Tree.list(tree, "instanceStartRetries");
        if (!retries.isEmpty()) {
            md.append("Instances that exited while starting and were started again by `scripts/stack` (").append(
                    retries.size()).append("):\n\n");
            retries.forEach(retry -> md.append("- ").append(retry).append("\n"));
            md.append("\n");
        }
        md.append("![throughput against ceilings](").append(throughputPng).append(")\n\n");
        md.append("## Ceilings\n\n| ceiling | what | max req/s, median (min–max) | p50 / p99 / p99.9 ms at fixed rate |\n"
                + "|---|---|---|---|\n");
        for (String id : List.of("C1", "C2")) {
            Map<String, Object> c = Tree.map(tree, "ceilings." + id);
            md.append("| ").append(id).append(" | ").append(c.get("what")).append(" | ")
                    .append(spread(c, "throughput", "%,.0f")).append(" | ").append(fixed(Tree.map(c, "fixedRate")))
                    .append(" |\n");
        }
        Map<String, Object> c3 = Tree.map(tree, "ceilings.C3");
        md.append(String.format(Locale.ROOT, "| C3 | %s | Redis GET %,.0f ops/s (50 clients); PostgreSQL %,.0f tps "
                        + "(8 clients) | Redis GET p50 %.3f ms, PostgreSQL select %.3f ms (one client) |%n%n",
                c3.get("what"), Tree.num(c3, "redisGetOpsPerSec"), Tree.num(c3, "pgSelectTps"),
                Tree.num(c3, "redisGetP50Millis"), Tree.num(c3, "pgSelectMillis")));
        md.append("## Rows 1–4: each path against its ceiling\n\n| row | what | max req/s, median (min–max) | "
                + "ceiling | ratio, median (min–max) | p50 / p99 / p99.9 ms at fixed rate | errors |\n"
                + "|---|---|---|---|---|---|---|\n");
        for (String id : List.of("1", "2", "3", "4")) {
            Map<String, Object> row = Tree.row(tree, id);
            if (row.isEmpty()) {
                md.append("| ").append(id).append(" | not run (--rows) | | | | | |\n");
                continue;
            }
            md.append("| ").append(id).append(" | ").append(row.get("what")).append(" | ")
                    .append(spread(row, "throughput", "%,.0f")).append(" | ").append(row.get("ceiling")).append(" | ")
                    .append(spread(row, "ratio", "%.2f×")).append(" | ").append(fixed(Tree.map(row, "fixedRate")))
                    .append(" | ").append(row.get("errors")).append(" |\n");
        }
        for (String id : List.of("2", "3")) {
            Map<String, Object> perCall = Tree.map(Tree.row(tree, id), "perCall");
            if (perCall.isEmpty()) {
                continue;
            }
            md.append(String.format(Locale.ROOT, "%nRow %s per call (one request at a time): HTTP p50 %.3f ms, %.3f ms "
                    + "more than an L1 hit's; the store's own round trip (C3) %s ms.", id,
                    Tree.num(perCall, "httpP50Millis"), Tree.num(perCall, "overL1HitMillis"),
                    perCall.getOrDefault("redisGetP50Millis", perCall.get("pgSelectMillis"))));
        }
        md.append("\n\n");
        ifRun(Tree.row(tree, "5"), row -> catalog(md, row, catalogPng));
        invalidation(md, tree);
        ifRun(Tree.row(tree, "6"), row -> payments(md, row));
        ifRun(Tree.row(tree, "7"), row -> stampede(md, row));
        ifRun(Tree.row(tree, "8"), row -> peers(md, row));
        Map<String, Object> capacity = Tree.map(tree, "capacity");
        md.append("## Capacity plan (`load/capacity`)\n\n```\n").append(capacityText(capacity)).append("```\n");
        return md.toString();
    }

    /** Writes a row's section only if the run measured it (a run picks rows with {@code --rows}). */
    private static void ifRun(Map<String, Object> row, java.util.function.Consumer<Map<String, Object>> section) {
        if (!row.isEmpty()) {
            section.accept(row);
        }
    }

    private static void catalog(StringBuilder md, Map<String, Object> row, String png) {
        md.append("## Row 5: ").append(row.get("what")).append("\n\n![where requests were answered](").append(png)
                .append(")\n\nWarm: after the hot-set warm-up, the highest stepped rate with p99 ≤ 50 ms and ≤ 0.1% "
                        + "errors, and what happened in a steady-state run at it. Cold: fresh instances, empty cache Redis and CDN, no "
                        + "warm-up by the benchmark (each instance's own warm-up runs before its readiness opens, which "
                        + "the restart waits for), at ")
                .append(fmt("%,.0f", Tree.num(row, "coldRate"))).append(" req/s (cache-aside's sustained rate), its first ")
                .append(fmt("%.0f", Tree.num(row, "coldFirstSeconds"))).append(" s and the rest.\n\n");
        md.append("| strategy | sustained req/s (× C2) | p50 / p99 / p99.9 ms | nginx hit | L1 hit | L2 hit | "
                + "reached DB | errors by status | price visible everywhere: p50 / p99 / max s, stale past budget | "
                + "cold: ready after s; p99 ms first part / rest, errors by status |\n|---|---|---|---|---|---|---|---|---|---|\n");
        double ceiling = Tree.num(row, "ceilingRate");
        for (Object s : Tree.list(row, "strategies")) {
            Map<String, Object> at = steady(s);
            Map<String, Object> cold = Tree.map(s, "cold");
            List<Object> halves = new ArrayList<>(cold.values());
            halves.removeIf(v -> !(v instanceof Map));
            double sustained = Tree.num(s, "warm.sustainedRate");
            md.append(String.format(Locale.ROOT, "| %s | %,.0f (%s) | %s | %s | %s | %s | %s | %s | %s / %s / %s, %.0f | "
                            + "%s; %s / %s, %s |%n", Tree.at(s, "strategy"), sustained,
                    Stats.times(Stats.ratio(sustained, ceiling)), fixed(at), pct(at, "cdnHitRatio"),
                    pct(at, "l1HitRatio"), pct(at, "l2HitRatio"), pct(at, "databaseShare"), statuses(at),
                    fmt("%.2f", Tree.num(s, "freshness.visibleEverywhereP50Millis") / 1000),
                    fmt("%.2f", Tree.num(s, "freshness.visibleEverywhereP99Millis") / 1000),
                    fmt("%.2f", Tree.num(s, "freshness.visibleEverywhereMaxMillis") / 1000),
                    Tree.num(s, "freshness.stalePastBudget"), fmt("%.0f", Tree.num(cold, "readySeconds")),
                    halves.isEmpty() ? "—" : fmt("%.1f", Tree.num(halves.get(0), "p99Millis")),
                    halves.size() < 2 ? "—" : fmt("%.1f", Tree.num(halves.get(1), "p99Millis")),
                    halves.isEmpty() ? "—" : halves.stream().map(h -> statuses(Tree.map(h, "")))
                            .reduce((x, y) -> x + " / " + y).orElse("—")));
        }
        md.append("\nSteps (rate: p99 ms, errors):");
        for (Object s : Tree.list(row, "strategies")) {
            md.append("\n- ").append(Tree.at(s, "strategy")).append(":");
            for (Object step : Tree.list(s, "warm.steps")) {
                md.append(String.format(Locale.ROOT, " %,.0f: %.1f, %.0f;", Tree.num(step, "targetRate"),
                        Tree.num(step, "p99Millis"), Tree.num(step, "errors")));
            }
        }
        md.append("\n\n");
    }

    /**
     * Issue 10's figures, one entry per run: every strategy of row 5 (new design), the old design (row 5o), every
     * fault run (row 5f); each with its steady-state database shares against their targets and its price freshness.
     */
    static List<Map<String, Object>> invalidationTable(Map<String, Object> tree) {
        List<Map<String, Object>> table = new ArrayList<>();
        for (Object s : Tree.list(Tree.row(tree, "5"), "strategies")) {
            table.add(invalidationEntry(Tree.at(s, "strategy") + ", new design", Tree.map(s, "steady"),
                    Tree.map(s, "freshness"), String.format(Locale.ROOT, "at %,.0f req/s (sustained: %,.0f)",
                            Tree.num(s, "steady.targetRate"), Tree.num(s, "warm.sustainedRate"))
                            + preload(Tree.map(s, "preload")) + warmup(Tree.map(s, "hotSetWarmup"))));
        }
        Map<String, Object> old = Tree.row(tree, "5o");
        if (!old.isEmpty()) {
            table.add(invalidationEntry("cache-aside, old design (TTL only)", Tree.map(old, "steady"),
                    Tree.map(old, "freshness"), String.format(Locale.ROOT, "at %,.0f req/s: new cache-aside "
                                    + "sustained %,.0f, the old design %,.0f; max-staleness raised to 120 s (the "
                                    + "startup budget check rejects these TTLs at 60 s)",
                            Tree.num(old, "steady.targetRate"), Tree.num(old, "newSustainedRate"),
                            Tree.num(old, "oldSustainedRate")) + preload(Tree.map(old, "preload"))
                            + warmup(Tree.map(old, "hotSetWarmup"))));
        }
        for (Object run : Tree.list(Tree.row(tree, "5f"), "runs")) {
            StringBuilder notes = new StringBuilder(String.format(Locale.ROOT, "at %,.0f req/s: p99 %s ms, "
                            + "errors %s; %s lowest trusted %s, highest watermark age %s s; untrusted reads %,.0f; "
                            + "dropped invalidations %,.0f", Tree.num(run, "rate"),
                    fmt("%.1f", Tree.num(run, "load.p99Millis")), pct(Tree.map(run, "load"), "errorShare"),
                    String.join("+", Tree.list(run, "changeFeed.affected").stream().map(String::valueOf).toList()),
                    fmt("%.0f", Tree.num(run, "changeFeed.affectedMinTrusted")),
                    fmt("%.1f", Tree.num(run, "changeFeed.affectedMaxWatermarkAgeSeconds")),
                    Tree.num(run, "load.untrustedReads"), Tree.num(run, "load.droppedInvalidations")));
            if (Tree.num(run, "load.preloadRows") > 0) {
                notes.append(String.format(Locale.ROOT, "; L2 preload rows read %,.0f (in the DB share)",
                        Tree.num(run, "load.preloadRows")));
            }
            Map<String, Object> replica = Tree.map(run, "changeFeed.replica");
            if (!replica.isEmpty()) {
                notes.append(String.format(Locale.ROOT, "; replica (from %s's /health): highest stalenessSeconds %s, "
                                + "servesReads false in %.0f of %.0f samples", "app1",
                        fmt("%.1f", Tree.num(replica, "maxStalenessSeconds")), Tree.num(replica, "notServingSamples"),
                        Tree.num(replica, "samples")));
            }
            for (Object event : Tree.list(run, "events")) {
                if (Boolean.FALSE.equals(Tree.at(event, "ok"))) {
                    notes.append("; FAILED to ").append(Tree.at(event, "what")).append(": ")
                            .append(Tree.at(event, "error"));
                }
            }
            table.add(invalidationEntry("fault " + Tree.at(run, "fault") + ": " + Tree.at(run, "what"),
                    Tree.map(run, "load"), Tree.map(run, "freshness"), notes.toString()));
        }
        return table;
    }

    private static String preload(Map<String, Object> p) {
        if (p.isEmpty()) {
            return "";
        }
        return "disabled".equals(p.get("state")) ? "; no L2 preload: " + p.get("reason")
                : String.format(Locale.ROOT, "; L2 preload waited %.0f s (%s)", Tree.num(p, "seconds"),
                        p.get("lastRun"));
    }

    private static String warmup(Map<String, Object> w) {
        if (w.containsKey("skipped")) {
            return "; no hot-set warm-up: " + w.get("skipped");
        }
        return w.isEmpty() ? "" : String.format(Locale.ROOT, "; hot-set warm-up %.0f s at %,.0f req/s, %.0f errors",
                Tree.num(w, "seconds"), Tree.num(w, "ratePerSecond"), Tree.num(w, "errors"));
    }

    private static Map<String, Object> invalidationEntry(String run, Map<String, Object> step,
                                                         Map<String, Object> freshness, String notes) {
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("run", run);
        entry.put("rate", step.get("targetRate"));
        entry.put("databaseShare", step.get("databaseShare"));
        entry.put("databaseShareHolds", step.get("databaseShareHolds"));
        Map<String, Long> answers = new LinkedHashMap<>();
        Tree.map(step, "answers").forEach((key, count) -> answers.put(key, ((Number) count).longValue()));
        CatalogWorkload.Reached hot = CatalogWorkload.Reached.of(answers, "hot");
        double upper = hot.upperShare(Tree.num(step, "databaseLoads"), CatalogWorkload.Reached.of(answers, "cold"));
        entry.put("hotSetRequests", hot.requests());
        entry.put("hotSetReachedDatabase", hot.database());
        entry.put("hotSetRevalidated", hot.revalidated());
        entry.put("hotSetDatabaseShare", hot.share());
        entry.put("hotSetDatabaseShareUpper", upper);
        entry.put("hotSetDatabaseShareHolds", upper <= CatalogWorkload.HOT_SET_DATABASE_SHARE_TARGET);
        entry.put("freshnessMaxMillis", freshness.get("visibleEverywhereMaxMillis"));
        entry.put("freshnessP99Millis", freshness.get("visibleEverywhereP99Millis"));
        entry.put("updates", freshness.get("updates"));
        entry.put("stalePastBudget", freshness.get("stalePastBudget"));
        entry.put("allWithinBudget", freshness.get("allWithinBudget"));
        entry.put("notes", notes);
        return entry;
    }

    static void invalidation(StringBuilder md, Map<String, Object> tree) {
        List<Object> table = Tree.list(tree, "freshnessByInvalidation");
        Map<String, Object> stampede = Tree.row(tree, "5s");
        if (table.isEmpty() && stampede.isEmpty() && Tree.row(tree, "5f").isEmpty()
                && Tree.row(tree, "5o").isEmpty()) {
            return;
        }
        md.append(String.format(Locale.ROOT, "## Freshness by invalidation (issue 10)%n%nTargets: DB share (rows read "
                        + "by cache loads and by the L2 preload ÷ catalog requests, the probe's reads included) ≤ %s; hot-set DB share "
                        + "(requests for ids ≤ 50,000 that reached the database) ≤ %s, given as bounds: at least those "
                        + "nginx forwarded (or that went direct) answered `X-Cache: MISS`; at most those plus nginx's "
                        + "revalidations, which reach an instance but carry the stored response's `X-Cache`, as far as "
                        + "the instances' loads (less the cold ids' forwarded misses, the probe's loads included) "
                        + "allow; the target holds only when the upper bound is within it; every price "
                        + "update visible on every path (3 instances direct and nginx) within 60 s. Each figure of a "
                        + "run is measured after the L2 preload of the whole catalog and the hot-set warm-up (every id "
                        + "≤ 50,000 read once through nginx): "
                        + "row 5's and the old design's in a %s s steady-state run at the sustained rate, a fault's "
                        + "over its whole run. Freshness covers the whole run; its max and p99 are of the updates "
                        + "seen everywhere within 60 s, the others are counted stale.%n%n",
                pct(Map.of("t", CatalogWorkload.DATABASE_SHARE_TARGET), "t"),
                pct(Map.of("t", CatalogWorkload.HOT_SET_DATABASE_SHARE_TARGET), "t"),
                fmt("%.0f", Tree.num(tree, "method.steadySeconds"))));
        for (String id : List.of("5o", "5s", "5f")) {
            Object error = Tree.row(tree, id).get("error");
            if (error != null) {
                md.append("Row ").append(id).append(" could not be measured: ").append(error).append("\n\n");
            }
        }
        md.append("| run | DB share | hot-set DB share | freshness max | p99 | 100% ≤ 60 s | notes |\n"
                + "|---|---|---|---|---|---|---|\n");
        for (Object e : table) {
            md.append(String.format(Locale.ROOT, "| %s | %s | %s–%s (%s) (%s of %s surely, %s revalidated) | %s | %s "
                            + "| %s | %s |%n",
                    Tree.at(e, "run"), judged(Tree.map(e, ""), "databaseShare", "%.2f%%"),
                    fmt("%.3f%%", 100 * Tree.num(e, "hotSetDatabaseShare")),
                    fmt("%.3f%%", 100 * Tree.num(e, "hotSetDatabaseShareUpper")),
                    Boolean.TRUE.equals(Tree.at(e, "hotSetDatabaseShareHolds")) ? "holds"
                            : Tree.num(e, "hotSetDatabaseShare") <= CatalogWorkload.HOT_SET_DATABASE_SHARE_TARGET
                            ? "not shown" : "misses",
                    fmt("%,.0f", Tree.num(e, "hotSetReachedDatabase")), fmt("%,.0f", Tree.num(e, "hotSetRequests")),
                    fmt("%,.0f", Tree.num(e, "hotSetRevalidated")),
                    fmt("%.2f s", Tree.num(e, "freshnessMaxMillis") / 1000),
                    fmt("%.2f s", Tree.num(e, "freshnessP99Millis") / 1000),
                    Tree.at(e, "allWithinBudget") == null ? "—" : (Boolean.TRUE.equals(Tree.at(e, "allWithinBudget"))
                            ? "yes" : "no") + String.format(Locale.ROOT, " (%s updates, %s stale past 60 s)",
                            fmt("%,.0f", Tree.num(e, "updates")), fmt("%,.0f", Tree.num(e, "stalePastBudget"))),
                    Tree.at(e, "notes")));
        }
        if (!stampede.isEmpty()) {
            md.append("\nHot update then concurrent reads: ").append(stampede.get("what")).append(".\n\n"
                    + "| strategy | DB loads per update, median (min–max) | target | control, no update | stale "
                    + "answers | answered by | non-200 |\n|---|---|---|---|---|---|---|\n");
            for (Object s : Tree.list(stampede, "strategies")) {
                List<String> layers = new ArrayList<>();
                long stale = 0;
                long non200 = 0;
                for (Object trial : Tree.list(s, "trials")) {
                    layers.add(String.valueOf(Tree.at(trial, "layers")));
                    stale += (long) Tree.num(trial, "staleAnswers");
                    for (Map.Entry<String, Object> status : Tree.map(trial, "statuses").entrySet()) {
                        non200 += status.getKey().equals("200") ? 0 : ((Number) status.getValue()).longValue();
                    }
                }
                md.append(String.format(Locale.ROOT, "| %s (hot-set load %,.0f req/s; %s) | %s | %s | %s loads | %d "
                                + "| %s | %d |%n", Tree.at(s, "strategy"), Tree.num(s, "rate"), Tree.at(s, "instances"),
                        spread(Tree.map(s, ""), "loads", "%.0f"),
                        fmt("%.0f", Tree.num(s, "targetLoads")), fmt("%.0f", Tree.num(s, "control.loads")), stale,
                        String.join(", ", layers), non200));
            }
        }
        md.append("\n");
    }

    private static String judged(Map<String, Object> entry, String key, String pattern) {
        double value = Tree.num(entry, key);
        if (Double.isNaN(value)) {
            return "—";
        }
        return fmt(pattern, 100 * value) + (Boolean.TRUE.equals(entry.get(key + "Holds")) ? " (holds)" : " (misses)");
    }

    /** @return a strategy's steady-state run at its sustained rate, or (a report without one) its search's step there */
    private static Map<String, Object> steady(Object strategy) {
        Map<String, Object> steady = Tree.map(strategy, "steady");
        return steady.isEmpty() ? Tree.map(strategy, "warm.atSustained") : steady;
    }

    private static void payments(StringBuilder md, Map<String, Object> row) {
        md.append("## Row 6: ").append(row.get("what")).append("\n\n| | max req/s, median (min–max) | p50 ms "
                + "(closed loop) | errors |\n|---|---|---|---|\n");
        md.append("| first execution | ").append(spread(row, "ceilingThroughput", "%,.0f")).append(" | ")
                .append(spread(Tree.map(row, "p50Millis"), "first", "%.2f")).append(" | ")
                .append(Tree.at(row, "errors.first")).append(" |\n");
        md.append("| replay | ").append(spread(row, "throughput", "%,.0f")).append(" | ")
                .append(spread(Tree.map(row, "p50Millis"), "replay", "%.2f")).append(" | ")
                .append(Tree.at(row, "errors.replay")).append(" |\n");
        md.append("\nReplay ÷ first execution: ").append(spread(row, "ratio", "%.2f×")).append(". ")
                .append(row.get("note")).append(".\n\n");
    }

    private static void stampede(StringBuilder md, Map<String, Object> row) {
        md.append("## Row 7: stampede, ").append(fmt("%.0f", Tree.num(row, "requests")))
                .append(" concurrent requests for one expired hot key over 3 instances, load time ")
                .append(fmt("%.0f", Tree.num(row, "loadDelayMillis"))).append(" ms, ")
                .append(fmt("%.0f", Tree.num(row, "rounds"))).append(" rounds\n\n| protection | control p50 / p99 ms "
                        + "| stampede p50 / p99 ms | added p50 ms, median (min–max) | added p50 ÷ load time | added "
                        + "p99 ms | DB loads | non-200 |\n|---|---|---|---|---|---|---|---|\n");
        double load = Tree.num(row, "loadDelayMillis");
        for (Object p : Tree.list(row, "protections")) {
            md.append(String.format(Locale.ROOT, "| %s | %.1f / %.1f | %.1f / %.1f | %s | %s | %s | %s | %s |%n",
                    Tree.at(p, "name"), Tree.num(p, "controlP50Millis"), Tree.num(p, "controlP99Millis"),
                    Tree.num(p, "stampedeP50Millis"), Tree.num(p, "stampedeP99Millis"),
                    spread(Tree.map(p, ""), "addedP50Millis", "%.1f"),
                    Stats.times(Stats.ratio(Tree.num(p, "addedP50Millis.median"), load)),
                    spread(Tree.map(p, ""), "addedP99Millis", "%.1f"), spread(Tree.map(p, ""), "dbLoads", "%.0f"),
                    Tree.at(p, "non200")));
        }
        md.append("\n");
    }

    private static void peers(StringBuilder md, Map<String, Object> row) {
        md.append("## Row 8: the peers a user would pick instead (in process, same Redis and loader)\n\n"
                + "| cache | L1 hit p50 / p99 µs, ops/s (× cachegate) | L2 hit p50 / p99 µs (× cachegate) | stampede: "
                + "loader calls, p50 / p99 ms | invalidation reaches other L1s: p50 / max ms |\n|---|---|---|---|---|\n");
        List<Object> caches = Tree.list(row, "caches");
        Object base = caches.isEmpty() ? Map.of() : caches.get(0);
        for (Object c : caches) {
            md.append(String.format(Locale.ROOT, "| %s | %.2f / %.2f, %,.0f (%s) | %.1f / %.1f (%s) | %.0f, %.1f / %.1f "
                            + "| %.2f / %.2f |%n", Tree.at(c, "name"), Tree.num(c, "l1.p50Micros"),
                    Tree.num(c, "l1.p99Micros"), Tree.num(c, "l1.opsPerSec"),
                    Stats.times(Stats.ratio(Tree.num(c, "l1.opsPerSec"), Tree.num(base, "l1.opsPerSec"))),
                    Tree.num(c, "l2.p50Micros"), Tree.num(c, "l2.p99Micros"),
                    Stats.times(Stats.ratio(Tree.num(c, "l2.p50Micros"), Tree.num(base, "l2.p50Micros"))),
                    Tree.num(c, "stampede.loaderCalls"), Tree.num(c, "stampede.p50Millis"),
                    Tree.num(c, "stampede.p99Millis"), Tree.num(c, "invalidation.p50Millis"),
                    Tree.num(c, "invalidation.maxMillis")));
        }
        for (Object note : Tree.list(row, "notes")) {
            md.append("\n- ").append(note);
        }
        md.append("\n\n");
    }

    static String capacityText(Map<String, Object> c) {
        return String.format(Locale.ROOT, """
                        peak %.0f req/s, peak-to-mean %.1f, headroom %.0f%%
                        capacity per instance (C)   %,.0f req/s (%s)
                        throughput bound            %,.0f req/s (%s)
                        service time (W)            %.2f ms
                        instances at peak           %.0f
                        instances at the mean       %.0f
                        autoscaler min / max        %.0f / %.0f
                        Little's law at peak        %.2f requests in flight per instance, %.2f database loads in flight
                        pools                       %s
                        the model is wrong when     %s
                        measured                    %s
                        """, Tree.num(c, "peak"), Tree.num(c, "peakToMean"), 100 * Tree.num(c, "headroom"),
                Tree.num(c, "capacityPerInstance"), Tree.at(c, "basis.capacity"), Tree.num(c, "throughputBound"),
                Tree.at(c, "basis.throughputBound"), Tree.num(c, "serviceMillis"),
                Tree.num(c, "instancesAtPeak"), Tree.num(c, "instancesAtMean"), Tree.num(c, "autoscalerMin"),
                Tree.num(c, "autoscalerMax"), Tree.num(c, "concurrencyPerInstance"),
                Tree.num(c, "dbConcurrencyPerInstance"), c.get("pools"), c.get("wrongModelSignal"), c.get("finding"));
    }

    private static String spread(Map<String, Object> node, String key, String pattern) {
        Map<String, Object> s = Tree.map(node, key);
        if (s.isEmpty()) {
            return "—";
        }
        return fmt(pattern, Tree.num(s, "median")) + " (" + fmt(pattern, Tree.num(s, "min")) + "–"
                + fmt(pattern, Tree.num(s, "max")) + ")";
    }

    private static String fixed(Map<String, Object> f) {
        if (f.isEmpty()) {
            return "—";
        }
        return String.format(Locale.ROOT, "%.2f / %.2f / %.2f at %,.0f req/s", Tree.num(f, "p50Millis"),
                Tree.num(f, "p99Millis"), Tree.num(f, "p999Millis"), Tree.num(f, "achievedRate"));
    }

    private static String pct(Map<String, Object> node, String key) {
        double value = Tree.num(node, key);
        return Double.isNaN(value) ? "—" : String.format(Locale.ROOT, "%.2f%%", 100 * value);
    }

    private static String statuses(Map<String, Object> node) {
        Map<String, Object> statuses = new LinkedHashMap<>(Tree.map(node, "statuses"));
        statuses.remove("200");
        double failures = Tree.num(node, "failures");
        if (failures > 0) {
            statuses.put("no answer", (long) failures);
        }
        return statuses.isEmpty() ? "none" : statuses.toString();
    }

    private static String fmt(String pattern, double value) {
        return Double.isNaN(value) ? "—" : String.format(Locale.ROOT, pattern, value);
    }
}
