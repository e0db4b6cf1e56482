package dev.cachegate.payments;

import dev.cachegate.testinfra.Cluster;
import dev.cachegate.testinfra.Http;
import dev.cachegate.testinfra.OwnRedis;
import dev.cachegate.testinfra.UsesSharedServers;
import io.lettuce.core.KillArgs;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.output.StatusOutput;
import io.lettuce.core.protocol.CommandArgs;
import io.lettuce.core.protocol.CommandType;
import io.micronaut.runtime.server.EmbeddedServer;
import org.junit.jupiter.api.Test;
import redis.embedded.RedisServer;

import java.net.URI;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static dev.cachegate.payments.PaymentsTesting.BODY;
import static dev.cachegate.payments.PaymentsTesting.post;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * In-flight duplicates, provider timeouts and failures after a charge, Redis outages and dead instances: still one
 * charge per key, and no charge without its payment.
 */
class PaymentsResilienceIT {

    private static final String API_KEY = UsesSharedServers.API_KEY_A;

    @Test
    void aDuplicateOfAnInFlightRequestGets409WithRetryAfterOrInWaitingModeTheReplay() throws Exception {
        try (Cluster immediate = Cluster.start(1, "inflight", Map.of("cachegate.payments.provider.latency", "1500ms"));
             Cluster waiting = Cluster.start(1, "waiting", Map.of("cachegate.payments.provider.latency", "1500ms",
                     "cachegate.idempotency.wait-for-in-flight", "10s"));
             ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
            String key = "inflight-" + UUID.randomUUID();
            URI one = uri(immediate);
            CompletableFuture<HttpResponse<String>> first = CompletableFuture.supplyAsync(
                    () -> post(one, API_KEY, key, BODY), clients);
            Thread.sleep(500);

            HttpResponse<String> duplicate = post(one, API_KEY, key, BODY);
            assertThat(duplicate.statusCode()).isEqualTo(409);
            assertThat(duplicate.headers().firstValue("Retry-After")).hasValue("1");
            assertThat(duplicate.body()).contains("idempotency-key-in-use");
            HttpResponse<String> waited = post(uri(waiting), API_KEY, key, BODY);

            assertThat(first.get().statusCode()).isEqualTo(201);
            assertThat(waited.statusCode()).isEqualTo(201);
            assertThat(waited.headers().firstValue("Idempotent-Replayed")).hasValue("true");
            assertThat(waited.body()).isEqualTo(first.get().body());
        }
    }

    @Test
    void aProviderTimeoutIsAStoredPending201ThatRecoveryCompletes() throws Exception {
        try (Cluster cluster = Cluster.start(1, "timeout", Map.of(
                "cachegate.payments.provider.timeout-rate", "1",
                "cachegate.payments.provider-timeout", "300ms",
                "cachegate.payments.recovery-interval", "200ms",
                "cachegate.payments.recovery-after", "100ms"))) {
            String key = "pending-" + UUID.randomUUID();
            HttpResponse<String> first = post(uri(cluster), API_KEY, key, BODY);
            assertThat(first.statusCode()).isEqualTo(201);
            assertThat(first.body()).contains("\"status\":\"pending\"");
            assertThat(post(uri(cluster), API_KEY, key, BODY).body()).as("the replay is the stored pending answer")
                    .isEqualTo(first.body());

            assertThat(awaitSettled(cluster, first).body()).contains("\"status\":\"succeeded\"");
            assertThat(PaymentsTesting.providerCharges(List.of(key))).isEqualTo(1);
        }
    }

    @Test
    void aProviderFailingAfterItChargedLeavesAPendingPaymentThatRecoverySettlesNotA503() throws Exception {
        try (Cluster cluster = Cluster.start(1, "charged-then-failed", Map.of(
                "cachegate.payments.provider.error-after-charge-rate", "1",
                "cachegate.payments.recovery-interval", "200ms",
                "cachegate.payments.recovery-after", "100ms"))) {
            String key = "charged-then-failed-" + UUID.randomUUID();
            HttpResponse<String> first = post(uri(cluster), API_KEY, key, BODY);
            assertThat(first.statusCode()).as(first.body()).isEqualTo(201);
            assertThat(first.body()).contains("\"status\":\"pending\"");
            assertThat(PaymentsTesting.payments(List.of(key))).as("the payment is kept").isEqualTo(1);
            assertThat(PaymentsTesting.providerCharges(List.of(key))).isEqualTo(1);
            assertThat(post(uri(cluster), API_KEY, key, BODY).body()).as("the replay is the stored pending answer")
                    .isEqualTo(first.body());

            assertThat(awaitSettled(cluster, first).body()).contains("\"status\":\"succeeded\"");
            assertThat(PaymentsTesting.payments(List.of(key))).isEqualTo(1);
            assertThat(PaymentsTesting.providerCharges(List.of(key))).isEqualTo(1);
        }
    }

    @Test
    void aTakeoverWhoseProviderCallIsRefusedKeepsTheEarlierHoldersPaymentPending() throws Exception {
        String key = "refused-takeover-" + UUID.randomUUID();
        abandonAfterCharge(key);

        HttpResponse<String> retry;
        try (Cluster refusing = Cluster.start(1, "refusing", Map.of("cachegate.idempotency.lease", "1s",
                "cachegate.payments.provider.error-rate", "1"))) {
            retry = retryWhileInFlight(refusing, key);
            assertThat(retry.statusCode()).as(retry.body()).isEqualTo(201);
            assertThat(retry.body()).contains("\"status\":\"pending\"");
            assertThat(PaymentsTesting.payments(List.of(key))).as("the charged payment is kept").isEqualTo(1);
            assertThat(PaymentsTesting.providerCharges(List.of(key))).isEqualTo(1);
        }
        try (Cluster settling = Cluster.start(1, "settling", Map.of("cachegate.payments.recovery-interval", "200ms",
                "cachegate.payments.recovery-after", "100ms"))) {
            assertThat(awaitSettled(settling, retry).body()).contains("\"status\":\"succeeded\"");
            assertThat(PaymentsTesting.payments(List.of(key))).isEqualTo(1);
            assertThat(PaymentsTesting.providerCharges(List.of(key))).isEqualTo(1);
        }
    }

    @Test
    void withRedisStoppedDuringDuplicatesThereIsStillExactlyOneChargePerKey() throws Exception {
        int port = OwnRedis.freePort();
        RedisServer redis = OwnRedis.started(port);
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            keys.add("redis-down-" + UUID.randomUUID());
        }
        try (Cluster cluster = Cluster.start(2, "redisdown", Map.of("redis.uri", "redis://127.0.0.1:" + port,
                "cachegate.payments.provider.latency", "50ms"));
             ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
            List<CompletableFuture<HttpResponse<String>>> sent = new ArrayList<>();
            for (int round = 0; round < 6; round++) {
                if (round == 2) {
                    redis.stop();
                }
                for (int i = 0; i < keys.size(); i++) {
                    String key = keys.get(i);
                    URI instance = uri(cluster, (i + round) % 2);
                    sent.add(CompletableFuture.supplyAsync(() -> post(instance, API_KEY, key, BODY), clients));
                }
                Thread.sleep(40);
            }
            for (CompletableFuture<HttpResponse<String>> response : sent) {
                assertThat(response.get().statusCode()).isIn(201, 409);
            }
            assertThat(PaymentsTesting.payments(keys)).isEqualTo(10);
            assertThat(PaymentsTesting.providerCharges(keys)).isEqualTo(10);
        } finally {
            redis.stop();
        }
    }

    /**
     * The completion's Redis writes are lost (writes paused, then the instance's connections killed with them
     * queued), as when a failover loses them: PostgreSQL's completed claim answers the retry.
     */
    @Test
    void aCompletionRedisMissedIsReplayedFromPostgresNotRefusedAs409() throws Exception {
        int port = OwnRedis.freePort();
        RedisServer redis = OwnRedis.started(port);
        String key = "missed-completion-" + UUID.randomUUID();
        try (Cluster cluster = Cluster.start(1, "missed", Map.of("cachegate.redis.state-uri",
                "redis://127.0.0.1:" + port, "cachegate.payments.provider.latency", "1500ms"));
             ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor();
             var admin = io.lettuce.core.RedisClient.create("redis://127.0.0.1:" + port).connect()) {
            URI instance = uri(cluster);
            assertThat(post(instance, API_KEY, key + "-warm-up", BODY).statusCode()).isEqualTo(201);
            CompletableFuture<HttpResponse<String>> first = CompletableFuture.supplyAsync(
                    () -> post(instance, API_KEY, key, BODY), clients);
            Thread.sleep(500);
            admin.sync().dispatch(CommandType.CLIENT, new StatusOutput<>(StringCodec.UTF8),
                    new CommandArgs<>(StringCodec.UTF8).add("PAUSE").add(3000).add("WRITE"));
            assertThat(first.get().statusCode()).isEqualTo(201);
            admin.sync().clientKill(KillArgs.Builder.typeNormal().skipme());
            Thread.sleep(1000);

            HttpResponse<String> retried = post(instance, API_KEY, key, BODY);

            assertThat(retried.statusCode()).as("PostgreSQL holds the completed claim: %s", retried.body())
                    .isEqualTo(201);
            assertThat(retried.headers().firstValue("Idempotent-Replayed")).hasValue("true");
            assertThat(retried.body()).isEqualTo(first.get().body());
            assertThat(PaymentsTesting.payments(List.of(key))).isEqualTo(1);
            assertThat(PaymentsTesting.providerCharges(List.of(key))).isEqualTo(1);
        } finally {
            redis.stop();
        }
    }

    @Test
    void aClaimWhoseInstanceDiedIsTakenOverAfterItsLeaseAndChargedOnce() throws Exception {
        String key = "orphan-" + UUID.randomUUID();
        abandonAfterCharge(key);

        try (Cluster survivor = Cluster.start(1, "survivor", Map.of("cachegate.idempotency.lease", "1s"))) {
            HttpResponse<String> retry = retryWhileInFlight(survivor, key);
            assertThat(retry.statusCode()).isEqualTo(201);
            assertThat(retry.body()).contains("\"status\":\"succeeded\"");
            assertThat(PaymentsTesting.payments(List.of(key))).isEqualTo(1);
            assertThat(PaymentsTesting.providerCharges(List.of(key))).isEqualTo(1);
            assertThat(Cluster.counter(survivor.context(0), "cachegate.idempotency.takeovers")).isEqualTo(1);
        }
    }

    @Test
    void afterItsRetentionAKeyIsReapedAndMayBeReusedForANewPayment() throws Exception {
        try (Cluster cluster = Cluster.start(1, "reaper", Map.of("cachegate.idempotency.retention", "1s",
                "cachegate.idempotency.lease", "500ms", "cachegate.idempotency.reaper-interval", "200ms"))) {
            String key = "reaped-" + UUID.randomUUID();
            HttpResponse<String> first = post(uri(cluster), API_KEY, key, BODY);
            assertThat(first.statusCode()).isEqualTo(201);

            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (keyRows(key) > 0 && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            assertThat(keyRows(key)).as("the reaper deleted the expired key").isZero();

            HttpResponse<String> reuse = post(uri(cluster), API_KEY, key, BODY.replace("1299", "1500"));
            assertThat(reuse.statusCode()).isEqualTo(201);
            assertThat(reuse.headers().firstValue("Idempotent-Replayed")).isEmpty();
            assertThat(reuse.body()).contains("\"amountCents\":1500");
        }
    }

    /**
     * Sends a payment to an instance whose provider answers after 5 s, and stops that instance once the provider has
     * charged: the claim is left in progress under a 1 s lease, the payment pending, the charge made.
     */
    private static void abandonAfterCharge(String key) throws Exception {
        Cluster dying = Cluster.start(1, "dying", Map.of("cachegate.idempotency.lease", "1s",
                "cachegate.payments.provider.latency", "5s", "cachegate.payments.provider-timeout", "20s"));
        try (ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
            URI doomed = uri(dying);
            CompletableFuture<HttpResponse<String>> abandoned = CompletableFuture.supplyAsync(
                    () -> post(doomed, API_KEY, key, BODY), clients);
            for (int attempt = 0; attempt < 100 && PaymentsTesting.providerCharges(List.of(key)) == 0; attempt++) {
                Thread.sleep(20);
            }
            assertThat(PaymentsTesting.providerCharges(List.of(key))).as("charged, answer not yet given").isEqualTo(1);
            dying.close();
            abandoned.cancel(true);
        }
    }

    /** Retries the payment under {@code key} until it is no longer in flight (409) elsewhere. */
    private static HttpResponse<String> retryWhileInFlight(Cluster cluster, String key) throws InterruptedException {
        HttpResponse<String> retry = post(uri(cluster), API_KEY, key, BODY);
        for (int attempt = 0; attempt < 100 && retry.statusCode() == 409; attempt++) {
            Thread.sleep(50);
            retry = post(uri(cluster), API_KEY, key, BODY);
        }
        return retry;
    }

    /** Reads the payment {@code created} until recovery has settled it, for up to 10 s. */
    private static HttpResponse<String> awaitSettled(Cluster cluster, HttpResponse<String> created)
            throws InterruptedException {
        String location = created.headers().firstValue("Location").orElseThrow();
        Http http = cluster.http(0);
        HttpResponse<String> settled = http.get(location, "Authorization", "Bearer " + API_KEY);
        for (int attempt = 0; attempt < 100 && settled.body().contains("pending"); attempt++) {
            Thread.sleep(100);
            settled = http.get(location, "Authorization", "Bearer " + API_KEY);
        }
        return settled;
    }

    private static long keyRows(String key) throws java.sql.SQLException {
        try (var primary = dev.cachegate.testinfra.SharedInfrastructure.primary();
             var query = primary.prepareStatement("SELECT count(*) FROM idempotency_keys WHERE idem_key = ?")) {
            query.setString(1, key);
            try (var row = query.executeQuery()) {
                row.next();
                return row.getLong(1);
            }
        }
    }

    private static URI uri(Cluster cluster) {
        return uri(cluster, 0);
    }

    private static URI uri(Cluster cluster, int index) {
        return cluster.context(index).getBean(EmbeddedServer.class).getURI();
    }
}
