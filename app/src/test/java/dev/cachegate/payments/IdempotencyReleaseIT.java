package dev.cachegate.payments;

import dev.cachegate.testinfra.Browser;
import dev.cachegate.testinfra.Cluster;
import dev.cachegate.testinfra.UsesSharedServers;
import io.micronaut.runtime.server.EmbeddedServer;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A claim released by a failure before any effect (the provider's 503) frees its key: a corrected request under the
 * same key runs, instead of getting 422 for a request that never happened.
 */
class IdempotencyReleaseIT {

    @Test
    void afterAProvider503ACorrectedRequestUnderTheSameKeyRunsOnce() throws Exception {
        String key = UUID.randomUUID().toString();
        String corrected = PaymentsApiIT.BODY.replace("1299", "1399");
        try (Cluster failing = Cluster.start(1, "release-failing",
                Map.of("cachegate.payments.provider.error-rate", "1"));
             Cluster healthy = Cluster.start(1, "release-healthy", Map.of())) {
            assertThat(pay(failing, key, PaymentsApiIT.BODY).statusCode()).isEqualTo(503);
            assertThat(PaymentsTesting.payments(List.of(key))).as("a definite refusal keeps no payment").isZero();
            assertThat(PaymentsTesting.providerCharges(List.of(key))).isZero();

            HttpResponse<String> retried = pay(healthy, key, corrected);
            assertThat(retried.statusCode()).as(retried.body()).isEqualTo(201);
            assertThat(retried.body()).contains("\"amountCents\":1399");
            HttpResponse<String> replay = pay(healthy, key, corrected);
            assertThat(replay.headers().firstValue("Idempotent-Replayed")).hasValue("true");
            assertThat(replay.body()).isEqualTo(retried.body());
        }
    }

    private static HttpResponse<String> pay(Cluster cluster, String key, String body) {
        URI instance = cluster.context(0).getBean(EmbeddedServer.class).getURI();
        return new Browser().send(instance, "POST", "/payments", body, "Authorization",
                "Bearer " + UsesSharedServers.API_KEY_A, "Idempotency-Key", key);
    }
}
