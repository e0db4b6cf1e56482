package dev.cachegate.session;

import dev.cachegate.testinfra.Browser;
import dev.cachegate.testinfra.Cluster;
import dev.cachegate.testinfra.UsesSharedServers;
import io.micronaut.runtime.server.EmbeddedServer;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** Sessions live in Redis, so any instance serves them and losing one loses nothing. */
class SessionsIT {

    @Test
    void aSessionStartedOnOneInstanceWorksOnTheOthersAndSurvivesItsLoss() {
        String user = "alice-" + UUID.randomUUID().toString().substring(0, 8);
        Cluster first = Cluster.start(1, "s1", Map.of());
        try (Cluster others = Cluster.start(2, "s", Map.of())) {
            Browser alice = new Browser();
            HttpResponse<String> login = alice.login(uri(first, 0), user);
            assertThat(login.statusCode()).isEqualTo(200);
            assertThat(login.body()).isEqualTo("{\"username\":\"" + user + "\"}");
            String setCookie = login.headers().firstValue("Set-Cookie").orElseThrow();
            assertThat(setCookie).containsIgnoringCase("HttpOnly").contains("SameSite=Lax").contains("Path=/");

            for (int i = 0; i < 2; i++) {
                HttpResponse<String> me = alice.send(uri(others, i), "GET", "/me", null);
                assertThat(me.statusCode()).isEqualTo(200);
                assertThat(me.body()).contains("\"username\":\"" + user + "\"", "\"instanceId\":\"s-" + (i + 1) + "\"",
                        "\"loginAt\"");
            }
            first.close();
            assertThat(alice.send(uri(others, 0), "GET", "/me", null).statusCode()).isEqualTo(200);

            assertThat(alice.send(uri(others, 0), "POST", "/logout", null).statusCode()).isEqualTo(204);
            HttpResponse<String> afterLogout = alice.send(uri(others, 1), "GET", "/me", null);
            assertThat(afterLogout.statusCode()).isEqualTo(401);
            assertThat(afterLogout.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        } finally {
            first.close();
        }
    }

    @Test
    void logoutWithAllEndsEverySessionOfTheUserAndNoOneElses() {
        String user = "frank-" + UUID.randomUUID().toString().substring(0, 8);
        try (Cluster cluster = Cluster.start(1, "logout-all", Map.of())) {
            URI instance = uri(cluster, 0);
            Browser laptop = new Browser();
            Browser phone = new Browser();
            Browser other = new Browser();
            laptop.login(instance, user);
            phone.login(instance, user);
            other.login(instance, user + "-other");

            HttpResponse<String> bad = laptop.send(instance, "POST", "/logout?all=maybe", null);
            assertThat(bad.statusCode()).isEqualTo(400);
            assertThat(bad.headers().firstValue("Content-Type")).hasValue("application/problem+json");
            assertThat(laptop.send(instance, "POST", "/logout?all=true", null).statusCode()).isEqualTo(204);

            assertThat(phone.send(instance, "GET", "/me", null).statusCode()).as("the user's other session")
                    .isEqualTo(401);
            assertThat(other.send(instance, "GET", "/me", null).statusCode()).isEqualTo(200);
        }
    }

    @Test
    void missingUnsignedOrTamperedCookiesAre401() {
        try (Cluster cluster = Cluster.start(1, "tamper", Map.of())) {
            URI instance = uri(cluster, 0);
            Browser mallory = new Browser();
            assertThat(mallory.send(instance, "GET", "/me", null).statusCode()).isEqualTo(401);
            mallory.login(instance, "mallory");
            String good = mallory.cookie();
            assertThat(mallory.send(instance, "GET", "/me", null).statusCode()).isEqualTo(200);

            for (String forged : new String[] {good.substring(0, 36), UUID.randomUUID() + good.substring(36),
                    good.substring(0, good.length() - 2) + (good.endsWith("A") ? "BB" : "AA"), "garbage", ""}) {
                mallory.useCookie(forged);
                assertThat(mallory.send(instance, "GET", "/me", null).statusCode()).as(forged).isEqualTo(401);
            }
        }
    }

    @Test
    void theTtlSlidesWithUseAndAnUnusedSessionExpires() throws Exception {
        try (Cluster cluster = Cluster.start(1, "ttl", Map.of("cachegate.session.ttl", "2s"))) {
            URI instance = uri(cluster, 0);
            Browser bob = new Browser();
            bob.login(instance, "bob");
            for (int i = 0; i < 3; i++) {
                Thread.sleep(1200);
                assertThat(bob.send(instance, "GET", "/me", null).statusCode()).as("use %d, %d ms in", i, 1200 * (i + 1))
                        .isEqualTo(200);
            }
            Thread.sleep(2300);
            assertThat(bob.send(instance, "GET", "/me", null).statusCode()).as("idle past the TTL").isEqualTo(401);
        }
    }

    @Test
    void signingKeysRotateWithoutLoggingAnyoneOut() {
        String oldKey = UsesSharedServers.SIGNING_KEY;
        String newKey = "a-new-session-signing-key-0123456789abcdef";
        try (Cluster before = Cluster.start(1, "old", Map.of());
             Cluster after = Cluster.start(1, "rotated", Map.of("cachegate.session.signing-keys", newKey + "," + oldKey));
             Cluster retired = Cluster.start(1, "retired", Map.of("cachegate.session.signing-keys", newKey))) {
            Browser carol = new Browser();
            carol.login(uri(before, 0), "carol");

            assertThat(carol.send(uri(after, 0), "GET", "/me", null).statusCode()).isEqualTo(200);
            assertThat(carol.send(uri(retired, 0), "GET", "/me", null).statusCode()).isEqualTo(401);
        }
    }

    @Test
    void paymentsMadeWithASessionAreScopedToItsUser() {
        try (Cluster cluster = Cluster.start(1, "sessionpay", Map.of())) {
            URI instance = uri(cluster, 0);
            Browser dave = new Browser();
            dave.login(instance, "dave");
            Browser erin = new Browser();
            erin.login(instance, "erin");
            String key = UUID.randomUUID().toString();
            String body = "{\"amountCents\": 500, \"currency\": \"USD\", \"source\": \"tok_visa\"}";

            HttpResponse<String> daves = dave.send(instance, "POST", "/payments", body, "Idempotency-Key", key);
            HttpResponse<String> erins = erin.send(instance, "POST", "/payments", body, "Idempotency-Key", key);
            HttpResponse<String> davesRetry = dave.send(instance, "POST", "/payments", body, "Idempotency-Key", key);

            assertThat(daves.statusCode()).isEqualTo(201);
            assertThat(erins.statusCode()).isEqualTo(201);
            assertThat(erins.body()).isNotEqualTo(daves.body());
            assertThat(davesRetry.headers().firstValue("Idempotent-Replayed")).hasValue("true");
            String location = daves.headers().firstValue("Location").orElseThrow();
            assertThat(dave.send(instance, "GET", location, null).statusCode()).isEqualTo(200);
            assertThat(erin.send(instance, "GET", location, null).statusCode()).isEqualTo(404);
        }
    }

    static URI uri(Cluster cluster, int index) {
        return cluster.context(index).getBean(EmbeddedServer.class).getURI();
    }
}
