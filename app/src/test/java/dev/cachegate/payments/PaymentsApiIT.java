package dev.cachegate.payments;

import dev.cachegate.routing.Lsn;
import dev.cachegate.testinfra.Http;
import dev.cachegate.testinfra.UsesSharedServers;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PaymentsApiIT implements UsesSharedServers {

    static final String BODY = "{\"amountCents\": 1299, \"currency\": \"EUR\", \"source\": \"tok_visa\", "
            + "\"description\": \"order 1234\"}";

    @Inject
    EmbeddedServer server;

    URI base;

    @BeforeAll
    void base() {
        base = server.getURI();
    }

    @Test
    void theFirstRequestExecutesAndARetryReplaysByteForByte() {
        String key = UUID.randomUUID().toString();

        HttpResponse<String> first = post(API_KEY_A, key, BODY);
        HttpResponse<String> retry = post(API_KEY_A, key, BODY.replace(", ", ",  "));

        assertThat(first.statusCode()).isEqualTo(201);
        assertThat(first.body()).matches("\\{\"id\":\"pay_[0-9a-f]{24}\",\"status\":\"succeeded\",\"amountCents\":1299,"
                + "\"currency\":\"EUR\",\"description\":\"order 1234\",\"createdAt\":\"[^\"]+\"}");
        assertThat(first.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).startsWith("/payments/pay_"));
        assertThat(first.headers().firstValue("Idempotent-Replayed")).isEmpty();
        assertThat(retry.statusCode()).isEqualTo(201);
        assertThat(retry.body()).isEqualTo(first.body());
        assertThat(retry.headers().firstValue("Location")).isEqualTo(first.headers().firstValue("Location"));
        assertThat(retry.headers().firstValue("Idempotent-Replayed")).hasValue("true");
        assertThat(retry.headers().firstValue("X-Consistency-Token")).as("a replay's reader must see the payment too")
                .hasValueSatisfying(token -> assertThat(Lsn.parse(token))
                        .isGreaterThanOrEqualTo(Lsn.parse(first.headers().firstValue("X-Consistency-Token")
                                .orElseThrow())));
    }

    @Test
    void theSameKeyWithADifferentRequestIs422() {
        String key = UUID.randomUUID().toString();
        assertThat(post(API_KEY_A, key, BODY).statusCode()).isEqualTo(201);

        HttpResponse<String> other = post(API_KEY_A, key, BODY.replace("1299", "1300"));

        assertThat(other.statusCode()).isEqualTo(422);
        assertThat(other.body()).contains("https://cachegate.dev/problems/idempotency-key-mismatch");
    }

    @Test
    void keysAreScopedPerPrincipalAndPaymentsVisibleOnlyToTheirOwner() {
        String key = UUID.randomUUID().toString();
        HttpResponse<String> alice = post(API_KEY_A, key, BODY);
        HttpResponse<String> bob = post(API_KEY_B, key, BODY);

        assertThat(alice.statusCode()).isEqualTo(201);
        assertThat(bob.statusCode()).isEqualTo(201);
        assertThat(bob.headers().firstValue("Idempotent-Replayed")).isEmpty();
        String alicePayment = alice.headers().firstValue("Location").orElseThrow();
        assertThat(bob.headers().firstValue("Location")).isNotEqualTo(alice.headers().firstValue("Location"));
        assertThat(get(API_KEY_A, alicePayment).statusCode()).isEqualTo(200);
        assertThat(get(API_KEY_A, alicePayment).body()).isEqualTo(alice.body());
        assertThat(get(API_KEY_B, alicePayment).statusCode()).isEqualTo(404);
        assertThat(get(API_KEY_B, "/payments/pay_000000000000000000000000").statusCode()).isEqualTo(404);
    }

    @Test
    void aDeclineIsAStoredReplayedResult() {
        String key = UUID.randomUUID().toString();
        String declined = BODY.replace("tok_visa", "tok_chargeDeclined");

        HttpResponse<String> first = post(API_KEY_A, key, declined);
        HttpResponse<String> retry = post(API_KEY_A, key, declined);

        assertThat(first.statusCode()).isEqualTo(201);
        assertThat(first.body()).contains("\"status\":\"declined\"");
        assertThat(retry.body()).isEqualTo(first.body());
        assertThat(retry.headers().firstValue("Idempotent-Replayed")).hasValue("true");
    }

    @Test
    void aMissingKeyIs400AndAMissingPrincipal401() {
        HttpResponse<String> noKey = Http.send(HttpRequest.newBuilder(base.resolve("/payments"))
                .header("Authorization", "Bearer " + API_KEY_A).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(BODY)).build());
        assertThat(noKey.statusCode()).isEqualTo(400);
        assertThat(noKey.body()).contains("idempotency-key-missing");

        HttpResponse<String> anonymous = Http.send(HttpRequest.newBuilder(base.resolve("/payments"))
                .header("Idempotency-Key", "k").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(BODY)).build());
        assertThat(anonymous.statusCode()).isEqualTo(401);
    }

    @Test
    void theQuotedStructuredFieldFormIsTheSameKey() {
        String key = UUID.randomUUID().toString();
        assertThat(post(API_KEY_A, key, BODY).statusCode()).isEqualTo(201);

        HttpResponse<String> quoted = post(API_KEY_A, "\"" + key + "\"", BODY);

        assertThat(quoted.headers().firstValue("Idempotent-Replayed")).hasValue("true");
    }

    HttpResponse<String> post(String apiKey, String idempotencyKey, String body) {
        return Http.send(HttpRequest.newBuilder(base.resolve("/payments"))
                .header("Authorization", "Bearer " + apiKey).header("Idempotency-Key", idempotencyKey)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    HttpResponse<String> get(String apiKey, String path) {
        return new Http(base).get(path, "Authorization", "Bearer " + apiKey);
    }
}
