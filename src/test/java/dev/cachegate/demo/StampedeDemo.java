package dev.cachegate.demo;

import dev.cachegate.embedded.EmbeddedServers;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The cache-stampede demo: three cachegate instances on one Redis and one PostgreSQL primary + replica (all real,
 * embedded), a hot product that is in no cache, and a burst of concurrent requests for it spread over the
 * instances — once with single flight (one load per key per cluster) and once without. Each run first sends one
 * untimed burst for an unrelated product to warm connections and the JIT. Database loads take
 * {@code --load-delay} (250 ms by default, the catalog's uncached P99), so the herd is visible on loopback.
 *
 * <p>Run: {@code ./mvnw -q test-compile exec:java -Dexec.classpathScope=test
 * -Dexec.mainClass=dev.cachegate.demo.StampedeDemo [-Dexec.args="--requests 600 --load-delay 250ms"]}.
 * It sends traffic only to 127.0.0.1, a bounded number of requests, and stops by itself.
 */
public final class StampedeDemo {

    private StampedeDemo() {
    }

    /**
     * @param args {@code --requests N} (default 600), {@code --load-delay D} (default 250ms)
     * @throws Exception on failure
     */
    public static void main(String[] args) throws Exception {
        Map<String, String> options = options(args);
        int requests = Integer.parseInt(options.getOrDefault("--requests", "600"));
        String loadDelay = options.getOrDefault("--load-delay", "250ms");
        if (requests < 1 || requests > 10_000) {
            throw new IllegalArgumentException("--requests must be between 1 and 10000 but was " + requests);
        }
        try (EmbeddedServers servers = EmbeddedServers.start()) {
            System.out.printf("%nStampede demo: %d concurrent GETs of one cold product over 3 instances, "
                    + "database loads take %s%n%n", requests, loadDelay);
            System.out.printf("%-26s %8s %6s %6s %9s %11s %9s %9s %9s%n", "single flight", "requests", "200", "other",
                    "DB loads", "coalesced", "p50 ms", "p99 ms", "max ms");
            run("on (local + cluster)", servers, requests, loadDelay, true, 7);
            run("off", servers, requests, loadDelay, false, 8);
            System.out.printf("%n'DB loads' counts products fetched from PostgreSQL to fill the cache "
                    + "(cachegate_cache_loads_total);%n'coalesced' counts requests that waited for another's load "
                    + "(cachegate_cache_coalesced_total).%n");
        }
        System.exit(0);
    }

    private static void run(String label, EmbeddedServers servers, int requests, String loadDelay,
                            boolean singleFlight, long productId) throws Exception {
        List<EmbeddedServer> instances = new ArrayList<>();
        try {
            for (int i = 1; i <= 3; i++) {
                Map<String, Object> properties = new HashMap<>(servers.properties());
                properties.put("micronaut.server.port", -1);
                properties.put("cachegate.instance-id", "demo-" + (singleFlight ? "on" : "off") + "-" + i);
                properties.put("cachegate.admin-token", "stampede-demo-admin-token");
                properties.put("cachegate.catalog.seed-products", "1000");
                properties.put("cachegate.catalog.load-delay", loadDelay);
                properties.put("cachegate.catalog.cache.single-flight.local", Boolean.toString(singleFlight));
                properties.put("cachegate.catalog.cache.single-flight.cluster", Boolean.toString(singleFlight));
                properties.put("cachegate.catalog.cache.bulkhead.max-wait", "60s");
                properties.put("cachegate.catalog.cache.bulkhead.max-concurrent-loads", "1000");
                properties.put("logger.levels.root", "WARN");
                instances.add(ApplicationContext.run(EmbeddedServer.class, properties));
            }
            burst(instances, requests, 1, new long[requests]);
            double loadsBefore = sum(instances, "cachegate.cache.loads");
            double coalescedBefore = sum(instances, "cachegate.cache.coalesced");
            long[] latencies = new long[requests];
            int ok = burst(instances, requests, productId, latencies);
            long[] sorted = Arrays.stream(latencies).filter(l -> l >= 0).sorted().toArray();
            System.out.printf("%-26s %8d %6d %6d %9.0f %11.0f %9.1f %9.1f %9.1f%n", label, requests, ok,
                    requests - ok, sum(instances, "cachegate.cache.loads") - loadsBefore,
                    sum(instances, "cachegate.cache.coalesced") - coalescedBefore, millis(sorted, 0.50),
                    millis(sorted, 0.99), millis(sorted, 1.0));
        } finally {
            instances.forEach(instance -> instance.getApplicationContext().close());
        }
    }

    /** Sends {@code requests} concurrent GETs of one product, round-robin over the instances; returns the 200s. */
    private static int burst(List<EmbeddedServer> instances, int requests, long productId, long[] latencies) {
        AtomicInteger ok = new AtomicInteger();
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
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
                                .timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.discarding());
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
        return ok.get();
    }

    private static double millis(long[] sorted, double quantile) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int index = (int) Math.min(sorted.length - 1, Math.ceil(quantile * sorted.length) - 1);
        return sorted[Math.max(0, index)] / 1e6;
    }

    private static double sum(List<EmbeddedServer> instances, String counter) {
        return instances.stream().mapToDouble(instance -> instance.getApplicationContext().getBean(MeterRegistry.class)
                .find(counter).counters().stream().mapToDouble(Counter::count).sum()).sum();
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            if (!args[i].equals("--requests") && !args[i].equals("--load-delay")) {
                throw new IllegalArgumentException("unknown option '" + args[i] + "': use --requests N, --load-delay D");
            }
            options.put(args[i], args[i + 1]);
        }
        return options;
    }
}
