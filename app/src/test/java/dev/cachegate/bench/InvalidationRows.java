package dev.cachegate.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.IntStream;

/**
 * Issue 10's rows, freshness by invalidation over a durable change stream, each a run of {@link CatalogWorkload}'s
 * parts (fresh instances, the hot-set warm-up, a measured step, {@link FreshnessProbe}):
 *
 * <ul>
 *   <li>{@code 5o}: cache-aside with the old TTL-only design (change feed off, L1 10 s, L2 30 s, s-maxage 10 s), its
 *       own search, then a steady-state run at new cache-aside's sustained rate or its own, whichever is lower;</li>
 *   <li>{@code 5f}: new-design cache-aside under one injected fault per run ({@code 5fa}..{@code 5fd}), one hot-set
 *       warm-up before the first, each run
 *       {@code --fault-run-seconds} long with the fault from a fifth of the way in for {@code --fault-seconds}, price
 *       updates and the probe running, the change feed's gauges sampled every second ({@link ChangeFeedSampler});</li>
 *   <li>{@code 5s}: the database loads one price update of a hot product every instance holds causes when
 *       {@code --stampede-reads} concurrent reads follow it, split over the instances directly, under hot-set load;
 *       on row 5's warm instances when row 5 runs the strategy.</li>
 * </ul>
 */
final class InvalidationRows {

    /** The design before issue 10; its TTLs need a freshness budget above 60 s to pass the startup check. */
    static final Map<String, String> OLD_DESIGN = ordered("CACHEGATE_CATALOG_CHANGES_ENABLED", "false",
            "CACHEGATE_CATALOG_CACHE_L1_TTL", "10s", "CACHEGATE_CATALOG_CACHE_L2_TTL", "30s",
            "CACHEGATE_CATALOG_HTTP_MAX_AGE", "5s", "CACHEGATE_CATALOG_HTTP_S_MAXAGE", "10s",
            "CACHEGATE_CATALOG_HTTP_STALE_WHILE_REVALIDATE", "10s", "CACHEGATE_CATALOG_HTTP_STALE_IF_ERROR", "10s",
            "CACHEGATE_CATALOG_MAX_STALENESS", "120s");
    /** The faults in the order they run: c, which empties L2, last; the runs share one warm-up. */
    static final List<String> FAULTS = List.of("a", "b", "d", "c");
    private static final String FAULTS_ENABLED = "CACHEGATE_FAULTS_ENABLED";
    private static final double DROP_RATE = 0.1;
    private static final long STAMPEDE_FIRST_ID = 1001;
    private static final Map<String, Double> STAMPEDE_TARGETS = ordered("cache-aside", 1.0, "write-through", 0.0);

    private final Benchmark.Options options;
    private final StackControl stack;
    private final CatalogWorkload catalog;
    private final Map<String, Map<String, Object>> stampedes = new LinkedHashMap<>();
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();

    InvalidationRows(Benchmark.Options options, StackControl stack, CatalogWorkload catalog) {
        this.options = options;
        this.stack = stack;
        this.catalog = catalog;
    }

    /** @param newRate the rate new-design cache-aside sustained */
    Map<String, Object> oldDesign(double newRate) throws IOException, InterruptedException {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("row", "5o");
        row.put("what", "cache-aside, old design (TTL only: change feed off, L1 10 s, L2 30 s, max-age 5 s, s-maxage "
                + "10 s, stale-while-revalidate and stale-if-error 10 s); cachegate.catalog.max-staleness raised to "
                + "120 s, since the startup budget check rejects these TTLs at 60 s (the probe still judges 60 s)");
        Map<String, String> settings = new LinkedHashMap<>(OLD_DESIGN);
        settings.put(CatalogWorkload.STRATEGY, "cache-aside");
        row.put("settings", settings);
        catalog.fresh("old design", settings);
        try (FreshnessProbe probe = catalog.probe()) {
            probe.start();
            row.putAll(catalog.searched("old design", probe, newRate));
            row.put("freshness", catalog.freshness(probe.stop()));
        }
        double own = CatalogWorkload.sustained(row);
        row.put("newSustainedRate", newRate);
        row.put("oldSustainedRate", own);
        row.put("comparedAtRate", Math.min(newRate, own));
        return row;
    }

    /** @param which fault ids, some of {@link #FAULTS} */
    Map<String, Object> faults(double rate, List<String> which) throws IOException, InterruptedException {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("row", "5f");
        row.put("what", String.format(Locale.ROOT, "new-design cache-aside under injected faults, "
                        + "%.0f req/s through nginx, %s price updates/s, runs of %d s, the fault from %d s for %d s",
                rate, options.priceUpdates, options.faultRunSeconds, faultStart(), options.faultSeconds));
        row.put("rate", rate);
        row.put("runSeconds", options.faultRunSeconds);
        row.put("faultStartSeconds", faultStart());
        row.put("faultSeconds", options.faultSeconds);
        catalog.fresh("faults", Map.of(CatalogWorkload.STRATEGY, "cache-aside", FAULTS_ENABLED, "true"));
        row.put("preload", catalog.awaitPreload("faults"));
        row.put("hotSetWarmup", catalog.warmHotSet("faults"));
        List<Map<String, Object>> runs = new ArrayList<>();
        for (String id : which) {
            runs.add(faultRun(fault(id), rate));
        }
        row.put("runs", runs);
        return row;
    }

    private int faultStart() {
        return options.faultRunSeconds / 5;
    }

    /** Something that may fail; a failure is recorded in the run's events, not thrown. */
    private interface Action {
        void run() throws Exception;
    }

    /**
     * @param affected indices of the instances aimed at
     * @param start    injects the fault
     * @param end      takes it away {@code --fault-seconds} later, or null when it ends by itself
     */
    private record Fault(String id, String what, List<Integer> affected, Action start, Action end) {
    }

    private Fault fault(String id) {
        List<URI> instances = stack.instances();
        List<Integer> all = IntStream.range(0, instances.size()).boxed().toList();
        return switch (id) {
            case "a" -> new Fault(id, "10% of invalidation messages dropped on every instance", all,
                    () -> everyInstance("{\"invalidationDropRate\":" + DROP_RATE + "}"),
                    () -> everyInstance("{\"invalidationDropRate\":0}"));
            case "b" -> new Fault(id, "app1's subscription blocked for " + options.faultSeconds + " s", List.of(0),
                    () -> stack.faults(instances.get(0), "{\"pauseSeconds\":" + options.faultSeconds + "}"), null);
            case "c" -> new Fault(id, "the cache Redis restarted (empty)", all,
                    () -> stack.restart(Map.of(), "redis-cache"), null);
            case "d" -> {
                String[] conninfo = new String[1];
                Action stop = () -> {
                    conninfo[0] = stack.replicaSql("SHOW primary_conninfo");
                    setPrimaryConninfo("");
                };
                yield new Fault(id, "the replica's WAL receiver stopped for " + options.faultSeconds + " s", all, stop,
                        () -> setPrimaryConninfo(conninfo[0]));
            }
            default -> throw new IllegalArgumentException("no fault " + id + ": one of " + FAULTS);
        };
    }

    private void everyInstance(String json) throws IOException, InterruptedException {
        for (URI instance : stack.instances()) {
            stack.faults(instance, json);
        }
    }

    private void setPrimaryConninfo(String value) throws IOException, InterruptedException {
        if (value == null) {
            throw new IllegalStateException("the original primary_conninfo was never read");
        }
        stack.replicaSql("ALTER SYSTEM SET primary_conninfo = '" + value.replace("'", "''") + "'");
        stack.replicaSql("SELECT pg_reload_conf()");
    }

    private Map<String, Object> faultRun(Fault fault, double rate) throws InterruptedException {
        Map<String, Object> run = new LinkedHashMap<>();
        run.put("fault", fault.id());
        run.put("what", fault.what());
        run.put("rate", rate);
        Benchmark.progress("  fault %s: %s, %d s at %.0f req/s", fault.id(), fault.what(), options.faultRunSeconds,
                rate);
        List<Map<String, Object>> events = Collections.synchronizedList(new ArrayList<>());
        long t0 = System.nanoTime();
        try (FreshnessProbe probe = catalog.probe();
             ChangeFeedSampler sampler = new ChangeFeedSampler(stack, fault.id().equals("d")
                     ? stack.instances().get(0) : null)) {
            probe.start();
            sampler.start();
            try (ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor()) {
                timer.schedule(() -> act(events, t0, "inject", fault.start()), faultStart(), TimeUnit.SECONDS);
                if (fault.end() != null) {
                    timer.schedule(() -> act(events, t0, "remove", fault.end()),
                            faultStart() + options.faultSeconds, TimeUnit.SECONDS);
                }
                run.put("load", catalog.measure(rate, options.faultRunSeconds, probe));
            }
            run.put("changeFeed", sampler.stop(fault.affected()));
            run.put("freshness", catalog.freshness(probe.stop()));
        } finally {
            act(events, t0, "clear every instance's faults", () -> everyInstance(
                    "{\"invalidationDropRate\":0,\"pauseSeconds\":0}"));
            run.put("events", List.copyOf(events));
        }
        return run;
    }

    private static void act(List<Map<String, Object>> events, long t0, String what, Action action) {
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("atSeconds", (System.nanoTime() - t0) / 1e9);
        event.put("what", what);
        try {
            action.run();
            event.put("ok", true);
        } catch (Exception e) {
            event.put("ok", false);
            event.put("error", e.getMessage());
            Benchmark.progress("  %s failed: %s", what, e.getMessage());
        }
        events.add(event);
    }

    /**
     * Row 5's {@link CatalogWorkload.AfterWarm}: the hot update's trials for a strategy of {@link #STAMPEDE_TARGETS}
     * on the instances row 5 has just warmed and measured, under hot-set load at the rate they sustained.
     */
    void stampedeOnWarm(String strategy, double rate) throws InterruptedException {
        if (STAMPEDE_TARGETS.containsKey(strategy)) {
            stampedes.put(strategy, stampedeOf(strategy, rate, "row 5's instances, warm"));
        }
    }

    /**
     * @param rate the rate of the hot-set load for a strategy row 5 did not run (fresh instances, the hot-set warm-up)
     * @return row 5s: every strategy of {@link #STAMPEDE_TARGETS}
     */
    Map<String, Object> stampede(double rate) throws IOException, InterruptedException {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("row", "5s");
        row.put("what", String.format(Locale.ROOT, "a price update of a hot product every instance holds in "
                        + "L1, then %d concurrent reads of it split over the 3 instances directly, under hot-set load "
                        + "through nginx at the strategy's sustained rate; database loads summed over the instances "
                        + "(delta of cachegate_cache_loads_total)", options.stampedeReads));
        row.put("reads", options.stampedeReads);
        List<Map<String, Object>> strategies = new ArrayList<>();
        for (String strategy : STAMPEDE_TARGETS.keySet()) {
            if (!stampedes.containsKey(strategy)) {
                catalog.fresh("stampede " + strategy, Map.of(CatalogWorkload.STRATEGY, strategy));
                catalog.awaitPreload("stampede " + strategy);
                Map<String, Object> warmup = catalog.warmHotSet("stampede " + strategy);
                stampedes.put(strategy, stampedeOf(strategy, rate, "fresh instances after the hot-set warm-up"));
                stampedes.get(strategy).put("hotSetWarmup", warmup);
            }
            strategies.add(stampedes.get(strategy));
        }
        row.put("strategies", strategies);
        return row;
    }

    private Map<String, Object> stampedeOf(String strategy, double rate, String instances)
            throws InterruptedException {
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("strategy", strategy);
        result.put("targetLoads", STAMPEDE_TARGETS.get(strategy));
        result.put("rate", rate);
        result.put("instances", instances);
        result.putAll(trials(strategy, rate));
        return result;
    }

    private Map<String, Object> trials(String strategy, double rate) throws InterruptedException {
        int trials = options.stampedeTrials;
        Set<Long> ids = new HashSet<>();
        for (int i = 0; i <= trials; i++) {
            ids.add(STAMPEDE_FIRST_ID + i);
        }
        Supplier<String> all = Benchmark.catalogPaths(options.catalogSize, System.nanoTime());
        Supplier<String> paths = () -> {
            while (true) {
                String path = all.get();
                if (CatalogWorkload.group(path).equals("hot")
                        && !ids.contains(Long.parseLong(path.substring(path.lastIndexOf('/') + 1)))) {
                    return path;
                }
            }
        };
        OpenLoad.Result[] background = new OpenLoad.Result[1];
        Thread load = Thread.ofPlatform().name("stampede-background").start(() -> {
            try {
                background[0] = OpenLoad.run(new OpenLoad.Spec(stack.cdn(), rate,
                        Duration.ofSeconds(3L * (trials + 1) + 4), 64, paths, Duration.ofSeconds(5)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        Thread.sleep(2000);
        Map<String, Object> result = new LinkedHashMap<>();
        Benchmark.progress("  stampede %s: control (no update), then %d updates", strategy, trials);
        result.put("control", trial(STAMPEDE_FIRST_ID, false));
        List<Map<String, Object>> updates = new ArrayList<>();
        List<Double> loads = new ArrayList<>();
        for (int i = 1; i <= trials; i++) {
            Map<String, Object> trial = trial(STAMPEDE_FIRST_ID + i, true);
            updates.add(trial);
            loads.add(Tree.num(trial, "loads"));
        }
        result.put("underLoadThroughout", load.isAlive());
        load.join();
        result.put("loads", Stats.Spread.of(loads));
        result.put("trials", updates);
        if (background[0] != null) {
            result.put("background", Benchmark.latency(background[0], rate));
        }
        return result;
    }

    private Map<String, Object> trial(long id, boolean update) throws InterruptedException {
        Map<String, Object> trial = new LinkedHashMap<>();
        trial.put("id", id);
        trial.put("update", update);
        try {
            trial.put("cachedEverywhere", cacheEverywhere(id));
            Thread.sleep(300);
            double before = CatalogWorkload.Counters.scrape(stack.instances()).loads();
            long version = -1;
            if (update) {
                HttpResponse<String> written = FreshnessProbe.putPrice(client, stack.instances().get(0),
                        stack.get("CACHEGATE_ADMIN_TOKEN"), id, 100 + id % 997 + System.nanoTime() % 100_000);
                if (written.statusCode() != 200) {
                    throw new IOException("price update answered " + written.statusCode());
                }
                version = FreshnessProbe.version(written.body());
            }
            trial.put("writtenVersion", version);
            trial.putAll(burst(id, version));
            Thread.sleep(500);
            trial.put("loads", CatalogWorkload.Counters.scrape(stack.instances()).loads() - before);
        } catch (IOException e) {
            trial.put("error", e.getMessage());
        }
        return trial;
    }

    /** Reads the product on every instance until its L1 answers (three tries each). */
    private boolean cacheEverywhere(long id) throws IOException, InterruptedException {
        boolean everywhere = true;
        for (URI instance : stack.instances()) {
            boolean l1 = false;
            for (int i = 0; i < 3 && !l1; i++) {
                HttpResponse<String> response = get(instance, id);
                l1 = "L1".equals(response.headers().firstValue("X-Cache").orElse(""));
            }
            everywhere &= l1;
        }
        return everywhere;
    }

    private HttpResponse<String> get(URI instance, long id) throws IOException, InterruptedException {
        return client.send(HttpRequest.newBuilder(instance.resolve("/products/" + id)).timeout(Duration.ofSeconds(10))
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The concurrent reads, all released at once, round-robin over the instances. */
    private Map<String, Object> burst(long id, long version) throws InterruptedException {
        List<URI> instances = stack.instances();
        int reads = options.stampedeReads;
        CountDownLatch ready = new CountDownLatch(reads);
        CountDownLatch go = new CountDownLatch(1);
        Map<String, Integer> layers = Collections.synchronizedMap(new TreeMap<>());
        Map<String, Integer> statuses = Collections.synchronizedMap(new TreeMap<>());
        int[] stale = new int[1];
        try (ExecutorService readers = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < reads; i++) {
                URI instance = instances.get(i % instances.size());
                readers.execute(() -> {
                    ready.countDown();
                    try {
                        go.await();
                        HttpResponse<String> response = get(instance, id);
                        statuses.merge(String.valueOf(response.statusCode()), 1, Integer::sum);
                        layers.merge(response.headers().firstValue("X-Cache").orElse("-"), 1, Integer::sum);
                        if (FreshnessProbe.version(response.body()) < version) {
                            synchronized (stale) {
                                stale[0]++;
                            }
                        }
                    } catch (Exception e) {
                        statuses.merge("no answer", 1, Integer::sum);
                    }
                });
            }
            ready.await();
            go.countDown();
        }
        Map<String, Object> burst = new LinkedHashMap<>();
        burst.put("statuses", new TreeMap<>(statuses));
        burst.put("layers", new TreeMap<>(layers));
        burst.put("staleAnswers", stale[0]);
        return burst;
    }

    @SuppressWarnings("unchecked")
    private static <V> Map<String, V> ordered(Object... keysAndValues) {
        Map<String, V> map = new LinkedHashMap<>();
        for (int i = 0; i + 1 < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], (V) keysAndValues[i + 1]);
        }
        return Collections.unmodifiableMap(map);
    }
}
