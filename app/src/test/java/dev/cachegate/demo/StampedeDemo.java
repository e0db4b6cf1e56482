package dev.cachegate.demo;

import dev.cachegate.cache.VersionedCaches;
import dev.cachegate.bench.CommandLine;
import dev.cachegate.bench.Stats;
import dev.cachegate.bench.Stats.Spread;
import dev.cachegate.embedded.EmbeddedServers;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.search.Search;
import io.micronaut.context.ApplicationContext;
import io.micronaut.json.JsonMapper;
import io.micronaut.runtime.server.EmbeddedServer;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;

/**
 * The cache-stampede demo (benchmark row 7): three cachegate instances on one Redis and one PostgreSQL primary +
 * replica (all real, embedded), a hot product whose cache entries have just expired, and a burst of concurrent
 * requests for it spread over the instances — once with single flight (one load per key per cluster) and once
 * without. Beside each, a control burst of the same size on the same instances reads a product that is an L1 hit on
 * every instance, so the difference between the two is what the stampede costs the requests that wait: the
 * waiters' added latency, also given as a multiple of the database load time. Database loads take
 * {@code --load-delay} (250 ms by default, the catalog's uncached P99), so the herd is visible on loopback.
 *
 * <p>Each round reads a fresh hot product once through every instance (so L1 everywhere and L2 hold it), waits until
 * both layers' entries have expired (the instances run with L1 and L2 TTLs of {@code --ttl}, 2 s by default, and no
 * jitter; nothing is evicted), pre-warms a fresh control product on every instance, then sends the control burst and
 * the stampede burst, in that order. Rounds repeat {@code --rounds} times per protection; the summary gives medians
 * and min..max over the rounds. Before the rounds, one untimed round on other products warms connections and the JIT,
 * and reads go on until Redis's circuit breaker is closed on every instance (a cold first burst can trip it). One HTTP
 * client per protection, so its bursts reuse connections. A round during which Redis failed (L2 errors, calls refused
 * by the {@code redis-l2} breaker, L1 clears) is flagged, in the output and as {@code degradedRounds} in the JSON,
 * because its figures then describe degraded reads.
 *
 * <p>Run: {@code load/stampede-demo [--requests 600] [--load-delay 250ms] [--rounds 3] [--ttl 2s] [--json FILE]}, or
 * {@code ./mvnw -q -pl app -am test-compile exec:java@stampede -Dexec.args="--requests 600 --load-delay 250ms"}.
 * It sends traffic only to 127.0.0.1, a bounded number of requests, and stops by itself.
 */
public final class StampedeDemo {

    private static final int INSTANCES = 3;
    private static final long FIRST_ROUND_KEY = 10;
    private static final Duration EXPIRY_MARGIN = Duration.ofMillis(200);
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration SETTLE_TIMEOUT = Duration.ofSeconds(15);

    private StampedeDemo() {
    }

    /**
     * @param args {@code --requests N} (default 600), {@code --load-delay D} (default 250ms), {@code --rounds R}
     *             (default 3), {@code --ttl D} (default 2s), {@code --json FILE} (default: none)
     * @throws Exception on failure
     */
    public static void main(String[] args) throws Exception {
        Options options = CommandLine.parseOrExit("stampede demo", Options::parse, args);
        try (EmbeddedServers servers = EmbeddedServers.start()) {
            Runtime.getRuntime().addShutdownHook(new Thread(servers::close));
            System.out.printf("%nStampede demo (row 7): %d concurrent GETs over %d instances of one expired hot "
                            + "product, database loads take %d ms, rounds: %d%n", options.requests(), INSTANCES,
                    options.loadDelay().toMillis(), options.rounds());
            System.out.printf("Expired, not evicted: each round reads a fresh product once through every instance, "
                    + "then waits %d ms (L1 and L2 TTL %d ms, no jitter)%n",
                    options.ttl().plus(EXPIRY_MARGIN).toMillis(), options.ttl().toMillis());
            System.out.printf("Control: the same burst on the same instances for a fresh product pre-warmed into L1 "
                    + "on every instance, sent just before the stampede%n%n");
            List<Protection> protections = List.of(
                    run("single flight on", servers, options, true, 0),
                    run("single flight off", servers, options, false, 1));
            printSummary(options, protections);
            if (options.json() != null) {
                writeJson(options, protections);
                System.out.printf("%nFigures written to %s%n", options.json());
            }
        }
        System.exit(0);
    }

    private static Protection run(String name, EmbeddedServers servers, Options options, boolean singleFlight,
                                  int index) throws InterruptedException {
        List<EmbeddedServer> instances = new ArrayList<>();
        try (HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build()) {
            for (int i = 1; i <= INSTANCES; i++) {
                Map<String, Object> properties = new HashMap<>(servers.properties());
                properties.put("micronaut.server.port", -1);
                properties.put("cachegate.instance-id", "demo-" + (singleFlight ? "on" : "off") + "-" + i);
                properties.put("cachegate.admin-token", "stampede-demo-admin-token");
                properties.put("cachegate.catalog.seed-products", "1000");
                properties.put("cachegate.catalog.load-delay", options.loadDelay().toMillis() + "ms");
                properties.put("cachegate.catalog.cache.l1.ttl", options.ttl().toMillis() + "ms");
                properties.put("cachegate.catalog.cache.l2.ttl", options.ttl().toMillis() + "ms");
                properties.put("cachegate.catalog.cache.jitter", "0");
                properties.put("cachegate.catalog.preload.enabled", "false");
                properties.put("cachegate.catalog.cache.single-flight.local", Boolean.toString(singleFlight));
                properties.put("cachegate.catalog.cache.single-flight.cluster", Boolean.toString(singleFlight));
                properties.put("cachegate.catalog.cache.bulkhead.max-wait", "60s");
                properties.put("cachegate.catalog.cache.bulkhead.max-concurrent-loads", "1000");
                properties.put("logger.levels.root", "WARN");
                instances.add(ApplicationContext.run(EmbeddedServer.class, properties));
            }
            long warmupKey = 2 + 2L * index;
            round(client, instances, options, warmupKey, warmupKey + 1);
            settle(client, instances, warmupKey);
            List<Round> rounds = new ArrayList<>();
            for (int r = 0; r < options.rounds(); r++) {
                long controlKey = FIRST_ROUND_KEY + 2L * ((long) index * options.rounds() + r);
                Round round = round(client, instances, options, controlKey, controlKey + 1);
                rounds.add(round);
                System.out.printf(Locale.ROOT, "%-18s round %d/%d: control p50 %.1f p99 %.1f ms, %.0f DB loads | "
                                + "stampede p50 %.1f p99 %.1f ms, %.0f DB loads | added p50 %.1f ms (%.2fx load), "
                                + "p99 %.1f ms%n", name, r + 1, options.rounds(), round.control().p50(),
                        round.control().p99(), round.controlCounts().loads(), round.stampede().p50(),
                        round.stampede().p99(), round.stampedeCounts().loads(), round.addedP50(),
                        RoundFigures.multipleOf(round.addedP50(), options.loadDelay().toMillis()), round.addedP99());
                if (round.degraded()) {
                    System.out.printf("%-18s round %d/%d was degraded: %.0f Redis calls failed or refused by the "
                                    + "breaker, %.0f L1 clears%n", name, r + 1, options.rounds(),
                            round.whole().l2Failures(), round.whole().l1Clears());
                }
            }
            return new Protection(name, rounds);
        } finally {
            instances.forEach(instance -> instance.getApplicationContext().close());
        }
    }

    private static Round round(HttpClient client, List<EmbeddedServer> instances, Options options, long controlKey,
                               long hotKey) throws InterruptedException {
        Counts start = Counts.of(instances);
        readOnEach(client, instances, hotKey);
        Thread.sleep(options.ttl().plus(EXPIRY_MARGIN));
        readOnEach(client, instances, controlKey);
        Counts before = Counts.of(instances);
        Burst control = burst(client, instances, options.requests(), controlKey);
        Counts between = Counts.of(instances);
        Burst stampede = burst(client, instances, options.requests(), hotKey);
        Counts after = Counts.of(instances);
        return new Round(control, between.minus(before), stampede, after.minus(between), after.minus(start));
    }

    /** Reads until every instance's {@code redis-l2} breaker is closed: an open breaker moves on only when called. */
    private static void settle(HttpClient client, List<EmbeddedServer> instances, long productId)
            throws InterruptedException {
        long deadline = System.nanoTime() + SETTLE_TIMEOUT.toNanos();
        while (!instances.stream().allMatch(StampedeDemo::breakerClosed) && System.nanoTime() < deadline) {
            Thread.sleep(500);
            readOnEach(client, instances, productId);
        }
    }

    private static boolean breakerClosed(EmbeddedServer instance) {
        return instance.getApplicationContext().getBean(CircuitBreakerRegistry.class)
                .circuitBreaker(VersionedCaches.BREAKER).getState() == CircuitBreaker.State.CLOSED;
    }

    private static void readOnEach(HttpClient client, List<EmbeddedServer> instances, long productId)
            throws InterruptedException {
        for (EmbeddedServer instance : instances) {
            URI uri = instance.getURI().resolve("/products/" + productId);
            try {
                int status = client.send(HttpRequest.newBuilder(uri).timeout(REQUEST_TIMEOUT).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode();
                if (status != 200) {
                    throw new IllegalStateException("GET " + uri + " answered " + status + ", expected 200");
                }
            } catch (IOException e) {
                throw new IllegalStateException("GET " + uri + " failed: " + e, e);
            }
        }
    }

    /** Sends {@code requests} concurrent GETs of one product, round-robin over the instances. */
    private static Burst burst(HttpClient client, List<EmbeddedServer> instances, int requests, long productId) {
        AtomicInteger ok = new AtomicInteger();
        long[] latencies = new long[requests];
        CountDownLatch start = new CountDownLatch(1);
        List<CompletableFuture<Void>> sent = new ArrayList<>();
        try (ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < requests; i++) {
                int n = i;
                URI uri = instances.get(i % instances.size()).getURI().resolve("/products/" + productId);
                sent.add(CompletableFuture.runAsync(() -> {
                    try {
                        start.await();
                        long begin = System.nanoTime();
                        HttpResponse<Void> response = client.send(HttpRequest.newBuilder(uri)
                                .timeout(REQUEST_TIMEOUT).build(), HttpResponse.BodyHandlers.discarding());
                        latencies[n] = System.nanoTime() - begin;
                        if (response.statusCode() == 200) {
                            ok.incrementAndGet();
                        }
                    } catch (Exception e) {
                        latencies[n] = -1;
                    }
                }, clients));
            }
            start.countDown();
            sent.forEach(CompletableFuture::join);
        }
        return new Burst(Arrays.stream(latencies).filter(l -> l >= 0).sorted().toArray(), requests - ok.get());
    }

    private static void printSummary(Options options, List<Protection> protections) {
        System.out.printf("%nMedians over the rounds (%d), [min..max] of the round figures; %d requests per burst%n%n",
                options.rounds(), options.requests());
        System.out.printf("%-32s %-16s %8s %10s %8s  %-25s %-25s%n", "burst", "DB loads", "L1 hits", "coalesced",
                "non-200", "p50 ms", "p99 ms");
        for (Protection protection : protections) {
            row(protection.name() + ", expired key", protection, Round::stampede, Round::stampedeCounts);
            row("  control (L1 hit everywhere)", protection, Round::control, Round::controlCounts);
        }
        double load = options.loadDelay().toMillis();
        System.out.printf("%nWaiters' added latency over the control (stampede minus control, per round)%n%n");
        System.out.printf("%-32s %-25s %-25s %-25s%n", "protection", "added p50 ms", "added p99 ms",
                "added p50 / load time");
        for (Protection protection : protections) {
            Spread multiple = protection.spread(r -> RoundFigures.multipleOf(r.addedP50(), load));
            System.out.printf(Locale.ROOT, "%-32s %-25s %-25s %-25s%n", protection.name(),
                    spread(protection.spread(Round::addedP50), "%.1f"),
                    spread(protection.spread(Round::addedP99), "%.1f"), spread(multiple, "%.2fx"));
        }
        for (Protection protection : protections) {
            if (protection.degradedRounds() > 0) {
                System.out.printf("%nWarning: %s had %d of %d rounds with Redis failing (L2 errors, breaker open or "
                                + "L1 cleared); their figures are in the medians%n", protection.name(),
                        protection.degradedRounds(), options.rounds());
            }
        }
        System.out.printf("%n'DB loads' counts products fetched from PostgreSQL to fill the cache "
                + "(cachegate_cache_loads_total, summed over the instances);%n'L1 hits' and 'coalesced' count requests "
                + "answered from L1 and requests that waited for another's load (cachegate_cache_gets_total{layer=l1,"
                + "result=hit},%ncachegate_cache_coalesced_total); 'non-200' is the total over all rounds. The load "
                + "time is --load-delay (%d ms).%n", options.loadDelay().toMillis());
    }

    private static void row(String label, Protection protection, Function<Round, Burst> burst,
                            Function<Round, Counts> counts) {
        System.out.printf(Locale.ROOT, "%-32s %-16s %8.0f %10.0f %8d  %-25s %-25s%n", label,
                spread(protection.spread(r -> counts.apply(r).loads()), "%.0f"),
                protection.spread(r -> counts.apply(r).l1Hits()).median(),
                protection.spread(r -> counts.apply(r).coalesced()).median(),
                protection.rounds().stream().mapToInt(r -> burst.apply(r).non200()).sum(),
                spread(protection.spread(r -> burst.apply(r).p50()), "%.1f"),
                spread(protection.spread(r -> burst.apply(r).p99()), "%.1f"));
    }

    private static String spread(Spread spread, String format) {
        return String.format(Locale.ROOT, format + " [" + format + ".." + format + "]", spread.median(), spread.min(),
                spread.max());
    }

    private static void writeJson(Options options, List<Protection> protections) throws IOException {
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("row", "7");
        document.put("requests", options.requests());
        document.put("loadDelayMillis", options.loadDelay().toMillis());
        document.put("rounds", options.rounds());
        List<Map<String, Object>> rows = new ArrayList<>();
        for (Protection protection : protections) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("name", protection.name());
            row.put("controlP50Millis", number(protection.spread(r -> r.control().p50()).median()));
            row.put("controlP99Millis", number(protection.spread(r -> r.control().p99()).median()));
            row.put("stampedeP50Millis", number(protection.spread(r -> r.stampede().p50()).median()));
            row.put("stampedeP99Millis", number(protection.spread(r -> r.stampede().p99()).median()));
            row.put("addedP50Millis", json(protection.spread(Round::addedP50)));
            row.put("addedP99Millis", json(protection.spread(Round::addedP99)));
            row.put("dbLoads", json(protection.spread(r -> r.stampedeCounts().loads())));
            row.put("controlDbLoads", json(protection.spread(r -> r.controlCounts().loads())));
            row.put("non200", protection.rounds().stream()
                    .mapToInt(r -> r.control().non200() + r.stampede().non200()).sum());
            row.put("degradedRounds", protection.degradedRounds());
            rows.add(row);
        }
        document.put("protections", rows);
        Path file = options.json();
        if (file.toAbsolutePath().getParent() != null) {
            Files.createDirectories(file.toAbsolutePath().getParent());
        }
        Files.write(file, JsonMapper.createDefault().writeValueAsBytes(document));
    }

    private static Map<String, Object> json(Spread spread) {
        Map<String, Object> figure = new LinkedHashMap<>();
        figure.put("median", number(spread.median()));
        figure.put("min", number(spread.min()));
        figure.put("max", number(spread.max()));
        return figure;
    }

    private static Number number(double value) {
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            return (long) value;
        }
        return Math.round(value * 100) / 100.0;
    }

    private static double sum(List<EmbeddedServer> instances, String counter, String... tags) {
        return instances.stream().mapToDouble(instance -> {
            Search search = instance.getApplicationContext().getBean(MeterRegistry.class).find(counter);
            for (int i = 0; i + 1 < tags.length; i += 2) {
                search = search.tag(tags[i], tags[i + 1]);
            }
            return search.counters().stream().mapToDouble(Counter::count).sum()
                    + search.functionCounters().stream().mapToDouble(FunctionCounter::count).sum();
        }).sum();
    }

    /**
     * One burst's outcome.
     *
     * @param sortedNanos latencies of the requests that got an answer, ascending
     * @param non200      requests without a 200 (other status, or no answer)
     */
    private record Burst(long[] sortedNanos, int non200) {
        double p50() {
            return millis(50);
        }

        double p99() {
            return millis(99);
        }

        private double millis(double percentile) {
            return Stats.percentile(java.util.Arrays.stream(sortedNanos).asDoubleStream().toArray(), percentile) / 1e6;
        }
    }

    /**
     * Counters summed over the instances, or their change across a burst.
     *
     * @param l2Failures Redis calls of the cache that failed or that the {@code redis-l2} breaker refused
     * @param l1Clears   times an instance dropped its whole L1 (after Redis came back)
     */
    private record Counts(double loads, double l1Hits, double coalesced, double l2Failures, double l1Clears) {
        static Counts of(List<EmbeddedServer> instances) {
            return new Counts(sum(instances, "cachegate.cache.loads"),
                    sum(instances, "cachegate.cache.gets", "layer", "l1", "result", "hit"),
                    sum(instances, "cachegate.cache.coalesced"),
                    sum(instances, "cachegate.cache.l2.errors")
                            + sum(instances, "resilience4j.circuitbreaker.not.permitted.calls", "name", "redis-l2"),
                    sum(instances, "cachegate.cache.l1.clears"));
        }

        Counts minus(Counts earlier) {
            return new Counts(loads - earlier.loads, l1Hits - earlier.l1Hits, coalesced - earlier.coalesced,
                    l2Failures - earlier.l2Failures, l1Clears - earlier.l1Clears);
        }
    }

    /** One (control, stampede) pair, and the counters' change over the whole round. */
    private record Round(Burst control, Counts controlCounts, Burst stampede, Counts stampedeCounts, Counts whole) {
        boolean degraded() {
            return whole.l2Failures() > 0 || whole.l1Clears() > 0;
        }

        double addedP50() {
            return RoundFigures.added(stampede.p50(), control.p50());
        }

        double addedP99() {
            return RoundFigures.added(stampede.p99(), control.p99());
        }
    }

    /** The rounds of one protection setting. */
    private record Protection(String name, List<Round> rounds) {
        Spread spread(ToDoubleFunction<Round> figure) {
            return Spread.of(rounds.stream().mapToDouble(figure).toArray());
        }

        int degradedRounds() {
            return (int) rounds.stream().filter(Round::degraded).count();
        }
    }

    /** The command line. */
    private record Options(int requests, Duration loadDelay, int rounds, Duration ttl, Path json) {
        private static final String USAGE = "use --requests N, --load-delay D, --rounds R, --ttl D, --json FILE";

        static Options parse(String[] args) {
            CommandLine line = CommandLine.parse(args, Set.of("requests", "load-delay", "rounds", "ttl", "json"),
                    USAGE);
            int requests = line.integer("requests", 600);
            line.require("requests", requests >= 1 && requests <= 10_000, "between 1 and 10000", requests);
            Duration loadDelay = line.duration("load-delay", Duration.ofMillis(250));
            line.require("load-delay", loadDelay.toMillis() >= 1 && loadDelay.toMillis() <= 10_000,
                    "between 1ms and 10s", loadDelay.toMillis() + "ms");
            int rounds = line.integer("rounds", 3);
            line.require("rounds", rounds >= 1 && rounds <= 20, "between 1 and 20", rounds);
            Duration ttl = line.duration("ttl", Duration.ofSeconds(2));
            line.require("ttl", ttl.toMillis() >= 500 && ttl.toMillis() <= 30_000, "between 500ms and 30s",
                    ttl.toMillis() + "ms");
            String json = line.string("json", null);
            return new Options(requests, loadDelay, rounds, ttl, json == null ? null : Path.of(json));
        }
    }
}
