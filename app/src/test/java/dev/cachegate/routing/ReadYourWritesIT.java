package dev.cachegate.routing;

import dev.cachegate.testinfra.Browser;
import dev.cachegate.testinfra.Cluster;
import dev.cachegate.testinfra.Replica;
import io.micronaut.runtime.server.EmbeddedServer;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** The avatar case: a user updates their avatar through one instance and reads it through another. */
class ReadYourWritesIT {

    @Test
    void withTheReplicaTwoSecondsBehindEveryReadAfterAWriteIsFreshAndWithoutReadYourWritesSomeAreStale()
            throws Exception {
        Replica.delay("2s");
        try (Cluster cluster = Cluster.start(2, "ryw", Map.of());
             Cluster naive = Cluster.start(2, "naive", Map.of("cachegate.routing.read-your-writes", "false"))) {
            assertThat(freshReads(cluster, 100)).as("fresh reads out of 100 with read-your-writes").isEqualTo(100);
            assertThat(freshReads(naive, 20)).as("fresh reads out of 20 without it: the stale-read demo")
                    .isLessThan(20);
        } finally {
            Replica.delay(null);
        }
    }

    @Test
    void underAMixedWorkloadMostReadsUseTheReplicaAndWritersNeverReadStale() throws Exception {
        try (Cluster cluster = Cluster.start(2, "mixed", Map.of());
             ExecutorService users = Executors.newVirtualThreadPerTaskExecutor()) {
            AtomicInteger stale = new AtomicInteger();
            List<CompletableFuture<Void>> work = new ArrayList<>();
            for (int u = 0; u < 4; u++) {
                int writer = u;
                work.add(CompletableFuture.runAsync(() -> {
                    Browser browser = new Browser();
                    browser.login(uri(cluster, 0), "writer-" + writer + "-" + UUID.randomUUID().toString().substring(0, 8));
                    for (int i = 0; i < 10; i++) {
                        String avatar = "https://img.example/" + writer + "/" + i + ".png";
                        browser.send(uri(cluster, i % 2), "PUT", "/me/profile", "{\"avatarUrl\": \"" + avatar + "\"}");
                        for (int r = 0; r < 3; r++) {
                            if (!browser.send(uri(cluster, (i + r + 1) % 2), "GET", "/me/profile", null).body()
                                    .contains(avatar)) {
                                stale.incrementAndGet();
                            }
                        }
                    }
                }, users));
            }
            for (int u = 0; u < 8; u++) {
                int reader = u;
                work.add(CompletableFuture.runAsync(() -> {
                    Browser browser = new Browser();
                    browser.login(uri(cluster, 1), "reader-" + reader + "-" + UUID.randomUUID().toString().substring(0, 8));
                    for (int i = 0; i < 30; i++) {
                        browser.send(uri(cluster, i % 2), "GET", "/me/profile", null);
                    }
                }, users));
            }
            work.forEach(CompletableFuture::join);

            double replica = cluster.counter("cachegate.db.reads", "target", "replica");
            double primary = cluster.counter("cachegate.db.reads", "target", "primary");
            assertThat(stale.get()).as("stale reads by writers").isZero();
            assertThat(replica / (replica + primary)).as("share of reads on the replica (%s of %s)", replica,
                    replica + primary).isGreaterThanOrEqualTo(0.9);
        }
    }

    private static int freshReads(Cluster cluster, int rounds) {
        Browser user = new Browser();
        user.login(uri(cluster, 0), "avatar-" + UUID.randomUUID().toString().substring(0, 8));
        int fresh = 0;
        for (int i = 0; i < rounds; i++) {
            String avatar = "https://img.example/" + UUID.randomUUID() + ".png";
            HttpResponse<String> written = user.send(uri(cluster, 0), "PUT", "/me/profile",
                    "{\"displayName\": \"Round " + i + "\", \"avatarUrl\": \"" + avatar + "\"}");
            assertThat(written.statusCode()).isEqualTo(200);
            assertThat(written.headers().firstValue("X-Consistency-Token")).isPresent();
            if (user.send(uri(cluster, 1), "GET", "/me/profile", null).body().contains(avatar)) {
                fresh++;
            }
        }
        return fresh;
    }


    private static URI uri(Cluster cluster, int index) {
        return cluster.context(index).getBean(EmbeddedServer.class).getURI();
    }
}
