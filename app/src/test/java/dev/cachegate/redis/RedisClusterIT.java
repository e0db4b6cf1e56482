package dev.cachegate.redis;

import dev.cachegate.payments.PaymentsTesting;
import dev.cachegate.testinfra.Browser;
import dev.cachegate.testinfra.Cluster;
import dev.cachegate.testinfra.Http;
import dev.cachegate.testinfra.Products;
import dev.cachegate.testinfra.RedisCluster;
import dev.cachegate.testinfra.UsesSharedServers;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.cluster.RedisClusterClient;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Both Redis roles on a real Redis Cluster (three primaries, three replicas, {@link RedisCluster}): every feature that
 * keeps something in Redis, across two instances, and a loss-free manual failover and a SIGKILL of a primary under
 * load. The stampede on a Cluster is {@code StampedeIT}'s.
 */
class RedisClusterIT {

    private static final String[] ADMIN = {"Authorization", "Bearer " + UsesSharedServers.ADMIN_TOKEN};

    /** How long the heir of the killed primary is stalled first, so that writes wait unreplicated behind it. */
    private static final Duration STALL = Duration.ofMillis(300);

    private final RedisCluster redis = RedisCluster.shared();

    @Test
    void everyFeatureThatKeepsStateInRedisWorksAcrossInstancesOnACluster() throws Exception {
        long id = Products.create(1500);
        String path = "/products/" + id;
        String user = "cluster-" + UUID.randomUUID().toString().substring(0, 8);
        String key = "cluster-pay-" + UUID.randomUUID();
        try (Cluster cluster = Cluster.start(2, "on-cluster", Map.of("redis.uri", redis.uri(),
                "cachegate.stats.flush-interval", "200ms", "cachegate.stats.size", "1000",
                "cachegate.stats.key", "cachegate:stats:" + user))) {
            Http first = cluster.http(0);
            Http second = cluster.http(1);

            assertThat(first.get(path).headers().firstValue("X-Cache")).as("the first read loads").hasValue("MISS");
            assertThat(second.get(path).headers().firstValue("X-Cache")).as("the other instance finds it in L2")
                    .hasValue("L2");

            assertThat(first.put(path + "/price", "{\"priceCents\": 1600, \"currency\": \"EUR\"}", ADMIN)
                    .statusCode()).isEqualTo(200);
            assertThat(second.get(path).body()).as("the invalidation over the sharded channel reached the other")
                    .contains("\"priceCents\":1600");

            HttpResponse<String> paid = PaymentsTesting.post(first.base(), UsesSharedServers.API_KEY_A, key,
                    PaymentsTesting.BODY);
            HttpResponse<String> replayed = PaymentsTesting.post(second.base(), UsesSharedServers.API_KEY_A, key,
                    PaymentsTesting.BODY);
            assertThat(paid.statusCode()).as(paid.body()).isEqualTo(201);
            assertThat(replayed.body()).isEqualTo(paid.body());
            assertThat(PaymentsTesting.providerCharges(List.of(key))).isEqualTo(1);
            assertThat(cluster.counter("cachegate.idempotency.fast.path.errors")).as("fast-path calls failed")
                    .isZero();
            RedisClusterClient client = redis.client();
            try (var direct = client.connect()) {
                assertThat(direct.sync().keys("cachegate:idem:{*:" + key + "}"))
                        .as("the completed response kept in the Cluster").hasSize(1);
            } finally {
                client.shutdown();
            }

            Browser browser = new Browser();
            assertThat(browser.login(first.base(), user).statusCode()).isEqualTo(200);
            assertThat(browser.send(second.base(), "GET", "/me", null).statusCode()).isEqualTo(200);
            Browser phone = new Browser();
            phone.login(second.base(), user);
            assertThat(browser.send(second.base(), "POST", "/logout?all=true", null).statusCode()).isEqualTo(204);
            assertThat(phone.send(first.base(), "GET", "/me", null).statusCode()).as("logged out everywhere")
                    .isEqualTo(401);

            long connecting = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (cluster.counter("cachegate.rate.limit.decisions", "store", "redis") == 0
                    && System.nanoTime() < connecting) {
                first.get("/whoami");
                Thread.sleep(50);
            }
            assertThat(cluster.counter("cachegate.rate.limit.decisions", "store", "redis"))
                    .as("rate-limit buckets kept in the Cluster (once the limiter's connection is made)").isPositive();

            long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            String stats = first.get("/stats").body();
            while (!stats.contains("on-cluster-2") && System.nanoTime() < deadline) {
                Thread.sleep(100);
                stats = first.get("/stats").body();
            }
            assertThat(stats).as("/stats shows the other instance's requests").contains("on-cluster-2");
        }
    }

    @Test
    void aFailoverAndAKilledPrimaryUnderLoadFailNoReadAndChargeEveryKeyOnce() throws Exception {
        List<Long> products = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            products.add(Products.create(1000 + i));
        }
        try (Cluster cluster = Cluster.start(2, "cluster-failover", Map.of("redis.uri", redis.uri(),
                "cachegate.redis.state-replica-acks", "1"));
             Load load = new Load(cluster, products)) {
            load.await(200);

            int manual = redis.primaryOf("cachegate:cache:products:" + products.getFirst());
            long failoverStarted = System.nanoTime();
            int promoted = redis.failover(manual);
            long failoverMillis = (System.nanoTime() - failoverStarted) / 1_000_000;
            load.await(load.requests() + 200);

            int victim = redis.primaryOf("cachegate:invalidations:{products}");
            int heir = redis.replicaOf(victim);
            redis.pause(heir);
            fillReplicationBacklog(victim, "products");
            Thread.sleep(STALL.toMillis());
            Set<String> acknowledged = load.sessionsSoFar();
            long killed = System.nanoTime();
            redis.kill(victim);
            redis.resume(heir);
            redis.awaitPrimary(heir, Duration.ofSeconds(30));
            long recoveredMillis = (System.nanoTime() - killed) / 1_000_000;
            load.await(load.requests() + 500);
            long resubscribed = System.nanoTime();
            long id = products.getLast();
            double applied = invalidationsReceived(cluster);
            int price = 5000;
            while (invalidationsReceived(cluster) == applied
                    && System.nanoTime() - resubscribed < Duration.ofSeconds(20).toNanos()) {
                cluster.http(0).put("/products/" + id + "/price", "{\"priceCents\": " + price++
                        + ", \"currency\": \"EUR\"}", ADMIN);
                Thread.sleep(200);
            }
            long resubscribedMillis = (System.nanoTime() - resubscribed) / 1_000_000;
            assertThat(invalidationsReceived(cluster)).as("invalidations arrive again on the channel's new shard")
                    .isGreaterThan(applied);
            redis.restart(victim);
            load.stop();

            long lost = acknowledged.stream().filter(cookie -> !load.stillLoggedIn(cookie)).count();
            System.out.printf("redis cluster failover: CLUSTER FAILOVER %d -> %d in %d ms; SIGKILL %d, a replica "
                            + "primary again in %d ms; %d requests, %d catalog 5xx, %d payment failures, %d login "
                            + "failures, %d/%d sessions acknowledged before the kill lost; invalidations arriving "
                            + "again %d ms after recovery%n", manual, promoted,
                    failoverMillis, victim, recoveredMillis, load.requests(), load.catalogFailures(),
                    load.paymentFailures(), load.loginFailures(), lost, acknowledged.size(), resubscribedMillis);

            assertThat(load.catalogFailures()).as("catalog reads failed").isZero();
            assertThat(lost).as("sessions acknowledged before the kill (WAIT 1 on the session key's primary)").isZero();
            List<String> keys = load.paymentKeys();
            assertThat(PaymentsTesting.maxChargesPerKey(keys)).as("most charges of one of " + keys.size() + " keys")
                    .isEqualTo(1);
            assertThat(PaymentsTesting.providerCharges(load.acceptedKeys()))
                    .as("every accepted key charged").isEqualTo(load.acceptedKeys().size());
            assertThat(load.paymentFailures()).as("payments failed").isZero();
        }
    }

    /**
     * Writes 24 MB to a primary, under a hash tag of its slots, more than the socket buffers between it and a paused
     * replica hold, so that what is written next waits in the primary's memory alone. A plain connection to the node:
     * a Cluster client would ask the paused replica for the topology too, and wait for it.
     */
    private static void fillReplicationBacklog(int primary, String tag) {
        RedisClient client = RedisClient.create(RedisURI.create("127.0.0.1", primary));
        try (var direct = client.connect()) {
            String megabyte = "x".repeat(1 << 20);
            for (int i = 0; i < 24; i++) {
                direct.sync().set("cachegate:test-backlog:{" + tag + "}:" + i, megabyte);
            }
        } finally {
            client.shutdown();
        }
    }

    private static double invalidationsReceived(Cluster cluster) {
        return Cluster.counter(cluster.context(1), "cachegate.cache.invalidations", "direction", "received",
                "result", "applied") + Cluster.counter(cluster.context(1), "cachegate.cache.invalidations",
                "direction", "received", "result", "gap");
    }

    /** Catalog reads, logins with {@code /me}, and payments each sent twice, on two instances, until stopped. */
    private static final class Load implements AutoCloseable {
        private final Cluster cluster;
        private final List<Long> products;
        private final List<Thread> threads = new ArrayList<>();
        private final Set<String> sessions = java.util.concurrent.ConcurrentHashMap.newKeySet();
        private final List<String> keys = java.util.Collections.synchronizedList(new ArrayList<>());
        private final Set<String> accepted = java.util.concurrent.ConcurrentHashMap.newKeySet();
        private final java.util.concurrent.atomic.AtomicLong requests = new java.util.concurrent.atomic.AtomicLong();
        private final java.util.concurrent.atomic.AtomicLong catalogFailures =
                new java.util.concurrent.atomic.AtomicLong();
        private final java.util.concurrent.atomic.AtomicLong paymentFailures =
                new java.util.concurrent.atomic.AtomicLong();
        private final java.util.concurrent.atomic.AtomicLong loginFailures =
                new java.util.concurrent.atomic.AtomicLong();
        private volatile boolean running = true;

        Load(Cluster cluster, List<Long> products) {
            this.cluster = cluster;
            this.products = products;
            start(this::read);
            start(this::read);
            start(this::login);
            start(this::pay);
        }

        private void start(java.util.function.IntConsumer step) {
            Thread thread = Thread.ofPlatform().daemon().start(() -> {
                for (int i = 0; running; i++) {
                    step.accept(i);
                    requests.incrementAndGet();
                }
            });
            threads.add(thread);
        }

        private void read(int i) {
            HttpResponse<String> read = cluster.http(i % 2).get("/products/" + products.get(i % products.size()));
            if (read.statusCode() >= 500) {
                catalogFailures.incrementAndGet();
            }
        }

        private void login(int i) {
            Browser browser = new Browser();
            URI instance = cluster.http(i % 2).base();
            HttpResponse<String> login = browser.login(instance, "cluster-load-" + UUID.randomUUID());
            if (login.statusCode() == 200) {
                sessions.add(browser.cookie());
                browser.send(cluster.http((i + 1) % 2).base(), "GET", "/me", null);
            } else {
                loginFailures.incrementAndGet();
            }
        }

        private void pay(int i) {
            String key = "cluster-failover-" + UUID.randomUUID();
            keys.add(key);
            for (int attempt = 0; attempt < 2; attempt++) {
                HttpResponse<String> paid = PaymentsTesting.post(cluster.http((i + attempt) % 2).base(),
                        UsesSharedServers.API_KEY_A, key, PaymentsTesting.BODY);
                if (paid.statusCode() == 201 || paid.statusCode() == 200) {
                    accepted.add(key);
                } else if (paid.statusCode() != 409) {
                    paymentFailures.incrementAndGet();
                }
                requests.incrementAndGet();
            }
        }

        Set<String> sessionsSoFar() {
            return new HashSet<>(sessions);
        }

        boolean stillLoggedIn(String cookie) {
            Browser browser = new Browser();
            browser.useCookie(cookie);
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            int status;
            do {
                status = browser.send(cluster.http(0).base(), "GET", "/me", null).statusCode();
            } while (status >= 500 && System.nanoTime() < deadline);
            assertThat(status).as("/me of a session acknowledged before the kill").isIn(200, 401);
            return status == 200;
        }

        void await(long count) throws InterruptedException {
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (requests.get() < count && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(requests.get()).as("requests made").isGreaterThanOrEqualTo(count);
        }

        long requests() {
            return requests.get();
        }

        long catalogFailures() {
            return catalogFailures.get();
        }

        long paymentFailures() {
            return paymentFailures.get();
        }

        long loginFailures() {
            return loginFailures.get();
        }

        List<String> paymentKeys() {
            return List.copyOf(keys);
        }

        List<String> acceptedKeys() {
            return List.copyOf(accepted);
        }

        void stop() throws InterruptedException {
            running = false;
            for (Thread thread : threads) {
                thread.join(Duration.ofSeconds(30));
            }
        }

        @Override
        public void close() throws InterruptedException {
            stop();
        }
    }
}
