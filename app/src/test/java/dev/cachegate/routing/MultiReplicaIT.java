package dev.cachegate.routing;

import dev.cachegate.embedded.EmbeddedServers;
import dev.cachegate.testinfra.Browser;
import dev.cachegate.testinfra.Cluster;
import dev.cachegate.testinfra.PostgresProcesses;
import dev.cachegate.testinfra.Replica;
import dev.cachegate.testinfra.SharedInfrastructure;
import io.micronaut.configuration.jdbc.hikari.DatasourceConfiguration;
import io.micronaut.inject.qualifiers.Qualifiers;
import io.micronaut.runtime.server.EmbeddedServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two real streaming replicas of the shared primary: the shared {@code replica} and {@code replica2}, started by this
 * test off the running primary. Two instances use both.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MultiReplicaIT {

    private static final String[] TARGETS = {"replica", "replica2", "primary"};
    private static final List<String> CAUSAL = List.of("caught-up", "waited", "read-your-writes",
            "token-ahead-of-primary");

    private static EmbeddedServers.ExtraReplica second;
    private static Cluster cluster;

    @BeforeAll
    static void start() {
        second = SharedInfrastructure.get().addReplica("replica2");
        cluster = Cluster.start(2, "multi", Map.of("datasources.replica2.url", second.jdbcUrl()));
    }

    @AfterAll
    static void stop() {
        if (cluster != null) {
            cluster.close();
        }
        if (second != null) {
            second.close();
        }
    }

    @Test
    @Order(1)
    void eachReplicaIsTrackedAndReportedOnItsOwn() {
        String health = cluster.http(0).get("/health").body();
        assertThat(health).contains("\"replica\":{").contains("\"replica2\":{");
        await(() -> Cluster.gauge(cluster.context(0), "cachegate.replica.up", "replica", "replica2") == 1,
                "replica2 tracked as up");
        assertThat(Cluster.gauge(cluster.context(0), "cachegate.replica.up", "replica", "replica")).isEqualTo(1);
        DatasourceConfiguration inherited = cluster.context(0).getBean(DatasourceConfiguration.class,
                Qualifiers.byName("replica2"));
        assertThat(inherited.isReadOnly()).as("datasources.replica's read-only").isTrue();
        assertThat(inherited.getConnectionTimeout()).as("datasources.replica's connection-timeout").isEqualTo(2000);
        assertThat(inherited.getInitializationFailTimeout()).as("its initialization-fail-timeout").isEqualTo(-1);
    }

    @Test
    @Order(2)
    void withOneReplicaTwoSecondsBehindReadYourWritesReadsGoToTheOther() throws Exception {
        await(() -> servesEverywhere("replica2"), "replica2 within max-replica-lag on both instances (the ITs before "
                + "this one may have left it replaying their WAL)");
        Replica.delay("2s");
        try {
            Map<String, Double> before = causalReads();
            Map<String, Double> all = allReads();
            assertThat(freshReads(50)).as("fresh reads out of 50").isEqualTo(50);
            Map<String, Double> reads = minus(causalReads(), before);
            System.out.println("MultiReplicaIT: read-your-writes reads with replica 2 s behind: " + reads
                    + "; all reads: " + minus(allReads(), all) + "; primary by reason: " + primaryReasons());
            assertThat(reads.get("replica")).as("on the delayed replica").isZero();
            assertThat(reads.get("replica2") + reads.get("primary")).as("on the normal replica, or on the primary "
                    + "where this instance had not yet seen the primary reach the token").isEqualTo(50);
            assertThat(reads.get("replica2")).as("on the normal replica").isPositive();
        } finally {
            Replica.delay(null);
        }
    }

    @Test
    @Order(3)
    void withBothReplicasBehindReadYourWritesReadsGoToThePrimary() throws Exception {
        Replica.delay("2s");
        Replica.delay(second.jdbcUrl(), "2s");
        try {
            Map<String, Double> before = causalReads();
            assertThat(freshReads(20)).as("fresh reads out of 20").isEqualTo(20);
            Map<String, Double> reads = minus(causalReads(), before);
            System.out.println("MultiReplicaIT: read-your-writes reads with both replicas 2 s behind: " + reads);
            assertThat(reads.get("primary")).as("on the primary").isEqualTo(20);
        } finally {
            Replica.delay(null);
            Replica.delay(second.jdbcUrl(), null);
        }
    }

    @Test
    @Order(4)
    void readsSpreadOverBothReplicasAndKillingOneMidLoadLosesNoReads() throws Exception {
        await(() -> cluster.context(0).getBean(ReadRouter.class).replicas().stream()
                .allMatch(r -> r.isUp() && r.lagSeconds() < 1.5), "both replicas fresh again");
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicInteger reads = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        AtomicInteger stale = new AtomicInteger();
        List<String> failures = Collections.synchronizedList(new ArrayList<>());
        try (ExecutorService users = Executors.newVirtualThreadPerTaskExecutor()) {
            List<CompletableFuture<Void>> work = new ArrayList<>();
            for (int u = 0; u < 8; u++) {
                boolean writer = u < 3;
                int user = u;
                work.add(CompletableFuture.runAsync(() -> {
                    Browser browser = new Browser();
                    browser.login(uri(user % 2), "multi-" + user + "-" + UUID.randomUUID().toString().substring(0, 8));
                    for (int i = 0; running.get(); i++) {
                        String avatar = "https://img.example/" + user + "/" + i + ".png";
                        if (writer) {
                            browser.send(uri(i % 2), "PUT", "/me/profile", "{\"avatarUrl\": \"" + avatar + "\"}");
                        }
                        HttpResponse<String> read = browser.send(uri((i + 1) % 2), "GET", "/me/profile", null);
                        reads.incrementAndGet();
                        if (read.statusCode() != 200) {
                            failed.incrementAndGet();
                            failures.add(read.statusCode() + " " + read.body());
                        } else if (writer && !read.body().contains(avatar)) {
                            stale.incrementAndGet();
                        }
                    }
                }, users));
            }
            Map<String, Double> start = allReads();
            double retriedBefore = retriedOnPrimary();
            Thread.sleep(3_000);
            Map<String, Double> beforeKill = allReads();
            int readsBeforeKill = reads.get();
            PostgresProcesses.signal("-KILL", PostgresProcesses.of(second.dataDirectory()));
            Thread.sleep(3_000);
            Map<String, Double> afterKill = allReads();
            double retried = retriedOnPrimary() - retriedBefore;
            running.set(false);
            work.forEach(CompletableFuture::join);

            Map<String, Double> both = minus(beforeKill, start);
            Map<String, Double> one = minus(afterKill, beforeKill);
            System.out.printf("MultiReplicaIT: share of reads with two replicas, 3 s: %s%n", shares(both));
            System.out.printf("MultiReplicaIT: replica2 SIGKILLed after %d reads; next 3 s: %s (%.0f retried on the "
                    + "primary after failing on replica2); %d reads in all, %d failed, %d stale%n", readsBeforeKill,
                    shares(one), retried, reads.get(), failed.get(), stale.get());
            assertThat(failed.get()).as("failed reads: %s", failures).isZero();
            assertThat(stale.get()).as("stale reads by writers").isZero();
            double onReplicas = both.get("replica") + both.get("replica2");
            assertThat(both.get("replica") / onReplicas).as("replica's share of replica reads, both up: %s", both)
                    .isBetween(0.25, 0.75);
            assertThat(cluster.context(0).getBean(ReadRouter.class).replicas().stream()
                    .filter(r -> r.name().equals("replica2")).findFirst().orElseThrow().isUp())
                    .as("replica2 seen as down").isFalse();
            assertThat(one.get("replica")).as("reads on the surviving replica after the kill").isPositive();
        }
    }

    private static Map<String, Double> causalReads() {
        Map<String, Double> reads = new LinkedHashMap<>();
        for (String target : TARGETS) {
            reads.put(target, CAUSAL.stream().mapToDouble(reason ->
                    cluster.counter("cachegate.db.reads", "target", target, "reason", reason)).sum());
        }
        return reads;
    }

    private static Map<String, Double> primaryReasons() {
        Map<String, Double> reasons = new LinkedHashMap<>();
        for (String reason : List.of("caught-up", "waited", "read-your-writes", "replica-lagging", "replica-down",
                "no-token", "read-your-writes-off", "token-ahead-of-primary", "replica-failed")) {
            reasons.put(reason, cluster.counter("cachegate.db.reads", "target", "primary", "reason", reason));
        }
        return reasons;
    }

    private static boolean servesEverywhere(String replica) {
        for (int i = 0; i < cluster.size(); i++) {
            if (!cluster.context(i).getBean(ReplicaTracker.class, Qualifiers.byName(replica)).serves()) {
                return false;
            }
        }
        return true;
    }

    private static double retriedOnPrimary() {
        return cluster.counter("cachegate.db.reads", "target", "primary", "reason", "replica-failed");
    }

    private static Map<String, Double> allReads() {
        Map<String, Double> reads = new LinkedHashMap<>();
        for (String target : TARGETS) {
            reads.put(target, cluster.counter("cachegate.db.reads", "target", target));
        }
        return reads;
    }

    private static Map<String, Double> minus(Map<String, Double> after, Map<String, Double> before) {
        Map<String, Double> delta = new LinkedHashMap<>();
        after.forEach((target, count) -> delta.put(target, count - before.get(target)));
        return delta;
    }

    private static String shares(Map<String, Double> reads) {
        double total = reads.values().stream().mapToDouble(Double::doubleValue).sum();
        StringBuilder out = new StringBuilder();
        reads.forEach((target, count) -> out.append(String.format("%s %.0f (%.1f%%) ", target, count,
                total == 0 ? 0 : 100 * count / total)));
        return out.toString().trim();
    }

    private static int freshReads(int rounds) {
        Browser user = new Browser();
        user.login(uri(0), "multi-ryw-" + UUID.randomUUID().toString().substring(0, 8));
        int fresh = 0;
        for (int i = 0; i < rounds; i++) {
            String avatar = "https://img.example/" + UUID.randomUUID() + ".png";
            HttpResponse<String> written = user.send(uri(0), "PUT", "/me/profile",
                    "{\"avatarUrl\": \"" + avatar + "\"}");
            assertThat(written.statusCode()).isEqualTo(200);
            if (user.send(uri(1), "GET", "/me/profile", null).body().contains(avatar)) {
                fresh++;
            }
        }
        return fresh;
    }

    private static void await(BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("waiting for " + what).isLessThan(deadline);
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    private static URI uri(int index) {
        return cluster.context(index).getBean(EmbeddedServer.class).getURI();
    }
}
