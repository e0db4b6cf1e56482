package dev.cachegate.payments;

import dev.cachegate.testinfra.Cluster;
import dev.cachegate.testinfra.UsesSharedServers;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import static dev.cachegate.payments.PaymentsTesting.BODY;
import static dev.cachegate.payments.PaymentsTesting.post;
import static org.assertj.core.api.Assertions.assertThat;

/** Exactly once under concurrency: many retries of many keys, all at once, spread over three instances. */
class PaymentsConcurrencyIT {

    @Test
    void fiveHundredConcurrentPostsOfFiftyKeysOverThreeInstancesMakeFiftyChargesAndOneAnswerPerKey() throws Exception {
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            keys.add("conc-" + UUID.randomUUID());
        }
        try (Cluster cluster = Cluster.start(3, "pay", Map.of("cachegate.payments.provider.latency", "100ms"))) {
            List<URI> instances = List.of(uri(cluster, 0), uri(cluster, 1), uri(cluster, 2));
            CountDownLatch start = new CountDownLatch(1);
            List<CompletableFuture<Sent>> requests = new ArrayList<>();
            try (ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
                for (int i = 0; i < 500; i++) {
                    String key = keys.get(i % 50);
                    URI instance = instances.get((i / 50 + i) % 3);
                    requests.add(CompletableFuture.supplyAsync(() -> {
                        await(start);
                        return new Sent(key, instance, post(instance, UsesSharedServers.API_KEY_A, key, BODY));
                    }, clients));
                }
                start.countDown();
            }
            List<Sent> sent = requests.stream().map(CompletableFuture::join).toList();

            long executed = sent.stream().filter(s -> s.response.statusCode() == 201
                    && s.response.headers().firstValue("Idempotent-Replayed").isEmpty()).count();
            long replayed = sent.stream().filter(s -> s.response.headers().firstValue("Idempotent-Replayed")
                    .isPresent()).count();
            List<Sent> conflicts = sent.stream().filter(s -> s.response.statusCode() == 409).toList();
            assertThat(sent).allSatisfy(s -> assertThat(s.response.statusCode()).isIn(201, 409));
            assertThat(executed).as("executed once per key").isEqualTo(50);
            assertThat(replayed + conflicts.size()).isEqualTo(450);
            assertThat(conflicts).allSatisfy(c -> assertThat(c.response.headers().firstValue("Retry-After")).isPresent());

            Map<String, String> bodies = new HashMap<>();
            for (Sent s : sent) {
                if (s.response.statusCode() == 201) {
                    String previous = bodies.putIfAbsent(s.key, s.response.body());
                    assertThat(previous == null || previous.equals(s.response.body())).as("one body for %s", s.key)
                            .isTrue();
                }
            }
            for (Sent conflict : conflicts) {
                HttpResponse<String> retried = retryUntilReplayed(conflict);
                assertThat(retried.headers().firstValue("Idempotent-Replayed")).hasValue("true");
                assertThat(retried.body()).isEqualTo(bodies.get(conflict.key));
            }
            assertThat(PaymentsTesting.payments(keys)).as("payment rows").isEqualTo(50);
            assertThat(PaymentsTesting.providerCharges(keys)).as("provider charges").isEqualTo(50);
        }
    }

    private static HttpResponse<String> retryUntilReplayed(Sent conflict) throws InterruptedException {
        HttpResponse<String> response = conflict.response;
        for (int attempt = 0; attempt < 100 && response.statusCode() == 409; attempt++) {
            Thread.sleep(20);
            response = post(conflict.instance, UsesSharedServers.API_KEY_A, conflict.key, BODY);
        }
        return response;
    }

    private static URI uri(Cluster cluster, int index) {
        return cluster.context(index).getBean(io.micronaut.runtime.server.EmbeddedServer.class).getURI();
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private record Sent(String key, URI instance, HttpResponse<String> response) {
    }
}
