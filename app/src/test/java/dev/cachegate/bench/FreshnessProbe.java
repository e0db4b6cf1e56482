package dev.cachegate.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Price freshness measured end to end, as a shopper would see it: price updates of hot products at a fixed rate,
 * each through one instance's API, and for each update the time from the acknowledged write until <em>every</em> path
 * (each instance directly, and the CDN tier) serves the new version. A path that still serves the old version when the
 * budget has passed is counted stale. Each path is polled after 10 ms, then at doubling intervals up to 1 s, so a
 * figure is exact to within its last interval and the probe's own reads stay a small part of the load.
 */
final class FreshnessProbe implements AutoCloseable {

    private static final Pattern VERSION = Pattern.compile("\"version\":([0-9]+)");
    private static final long FIRST_POLL_MILLIS = 10;
    private static final long LAST_POLL_MILLIS = 1000;

    private final List<URI> instances;
    private final List<URI> paths;
    private final String adminToken;
    private final double updatesPerSecond;
    private final long hotSetSize;
    private final Duration budget;
    private final HttpClient client;
    private final ExecutorService watchers = Executors.newVirtualThreadPerTaskExecutor();
    private final Set<Long> inFlight = ConcurrentHashMap.newKeySet();
    private final List<Double> visibleMillis = Collections.synchronizedList(new ArrayList<>());
    private final AtomicLong updates = new AtomicLong();
    private final AtomicLong failedUpdates = new AtomicLong();
    private final AtomicLong stale = new AtomicLong();
    private final AtomicLong reads = new AtomicLong();
    private final SplittableRandom random;
    private volatile boolean running;
    private Thread issuer;

    /**
     * @param instances        the instances' base URLs (writes go round-robin; each is also a read path)
     * @param cdn              the CDN tier's base URL, a read path
     * @param adminToken       the admin token price updates need
     * @param updatesPerSecond rate of price updates
     * @param hotSetSize       updates pick products 1..hotSetSize (the hot set)
     * @param budget           the freshness budget
     * @param seed             seed of the product choice
     */
    FreshnessProbe(List<URI> instances, URI cdn, String adminToken, double updatesPerSecond, long hotSetSize,
                   Duration budget, long seed) {
        this.instances = List.copyOf(instances);
        List<URI> all = new ArrayList<>(instances);
        all.add(cdn);
        this.paths = List.copyOf(all);
        this.adminToken = adminToken;
        this.updatesPerSecond = updatesPerSecond;
        this.hotSetSize = hotSetSize;
        this.budget = budget;
        this.random = new SplittableRandom(seed);
        this.client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).executor(watchers).build();
    }

    /**
     * @param updates      acknowledged price updates
     * @param failed       updates that were not acknowledged
     * @param visibleMillis for each update, ms until every path served it (NaN for the stale ones)
     * @param stale        updates that some path did not serve within the budget
     */
    record Result(long updates, long failed, List<Double> visibleMillis, long stale) {

        double maxMillis() {
            return visibleMillis.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
        }

        double p99Millis() {
            return Stats.percentile(visibleMillis, 99);
        }

        double p50Millis() {
            return Stats.percentile(visibleMillis, 50);
        }

        /** @return whether there were updates and every one was visible on every path within the budget */
        boolean allWithinBudget() {
            return updates > 0 && stale == 0;
        }
    }

    void start() {
        if (updatesPerSecond <= 0) {
            return;
        }
        running = true;
        issuer = Thread.ofPlatform().name("freshness-probe").daemon().start(this::issue);
    }

    private void issue() {
        long intervalNanos = (long) (1e9 / updatesPerSecond);
        long next = System.nanoTime();
        int n = 0;
        while (running) {
            long id = 1 + random.nextLong(hotSetSize);
            if (inFlight.add(id)) {
                URI writer = instances.get(n++ % instances.size());
                long price = 100 + random.nextLong(1_000_000);
                watchers.execute(() -> update(writer, id, price));
            }
            next += intervalNanos;
            long wait = next - System.nanoTime();
            if (wait > 0) {
                try {
                    Thread.sleep(Duration.ofNanos(wait));
                } catch (InterruptedException e) {
                    return;
                }
            }
        }
    }

    private void update(URI writer, long id, long price) {
        try {
            HttpResponse<String> written = putPrice(client, writer, adminToken, id, price);
            long acknowledged = System.nanoTime();
            if (written.statusCode() != 200) {
                failedUpdates.incrementAndGet();
                return;
            }
            updates.incrementAndGet();
            long version = version(written.body());
            long deadline = acknowledged + budget.toNanos();
            List<URI> pending = new ArrayList<>(paths);
            long pause = FIRST_POLL_MILLIS;
            while (!pending.isEmpty() && System.nanoTime() < deadline) {
                pending.removeIf(path -> version(read(path, id)) >= version);
                if (!pending.isEmpty()) {
                    Thread.sleep(pause);
                    pause = Math.min(LAST_POLL_MILLIS, pause * 2);
                }
            }
            if (pending.isEmpty()) {
                visibleMillis.add((System.nanoTime() - acknowledged) / 1e6);
            } else {
                stale.incrementAndGet();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            failedUpdates.incrementAndGet();
        } finally {
            inFlight.remove(id);
        }
    }

    /** Changes a product's price through an instance's API ({@code PUT /products/{id}/price}, admin token). */
    static HttpResponse<String> putPrice(HttpClient client, URI writer, String adminToken, long id, long priceCents)
            throws IOException, InterruptedException {
        return client.send(HttpRequest.newBuilder(writer.resolve("/products/" + id + "/price"))
                .timeout(Duration.ofSeconds(10)).header("Authorization", "Bearer " + adminToken)
                .header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofString(
                        "{\"priceCents\": " + priceCents + ", \"currency\": \"USD\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private String read(URI path, long id) {
        reads.incrementAndGet();
        try {
            return client.send(HttpRequest.newBuilder(path.resolve("/products/" + id)).timeout(Duration.ofSeconds(5))
                    .build(), HttpResponse.BodyHandlers.ofString()).body();
        } catch (Exception e) {
            return "";
        }
    }

    static long version(String body) {
        Matcher matcher = VERSION.matcher(body);
        return matcher.find() ? Long.parseLong(matcher.group(1)) : -1;
    }

    /** @return reads the probe has sent so far (they reach the instances and the CDN like the workload's) */
    long reads() {
        return reads.get();
    }

    /** Stops issuing updates, then waits until every issued one is seen everywhere or has run out of budget. */
    Result stop() throws InterruptedException {
        running = false;
        if (issuer != null) {
            issuer.join();
        }
        long deadline = System.nanoTime() + budget.toNanos() + Duration.ofSeconds(5).toNanos();
        while (!inFlight.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        synchronized (visibleMillis) {
            return new Result(updates.get(), failedUpdates.get(), List.copyOf(visibleMillis), stale.get()
                    + inFlight.size());
        }
    }

    @Override
    public void close() {
        running = false;
        watchers.shutdownNow();
    }
}
