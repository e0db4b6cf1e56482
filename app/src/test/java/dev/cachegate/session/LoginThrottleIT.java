package dev.cachegate.session;

import dev.cachegate.testinfra.Browser;
import dev.cachegate.testinfra.Cluster;
import io.micronaut.runtime.server.EmbeddedServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.net.URI;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Login throttling on the real Redis, shared by two instances, behind a trusted proxy (the test, on 127.0.0.1, plays
 * nginx and names each client in X-Forwarded-For, so every test has addresses of its own).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LoginThrottleIT {

    private static final String PASSWORD = "throttle-it-password";

    private final String alice = "alice-" + UUID.randomUUID().toString().substring(0, 8);
    private final String bob = "bob-" + UUID.randomUUID().toString().substring(0, 8);
    private final String hash = PasswordHash.hash(PASSWORD);
    private final Cluster cluster = Cluster.start(2, "throttle", Map.of(
            "cachegate.session.users", alice + ":" + hash + "," + bob + ":" + hash,
            "cachegate.session.login-throttle.failures-per-username", "2",
            "cachegate.session.login-throttle.attempts-per-address", "4",
            "cachegate.client-address.trusted-proxies", "127.0.0.0/8"));

    @AfterAll
    void stop() {
        cluster.close();
    }

    @Test
    void aUsernamePastItsFailuresIsRefusedOnEveryInstanceEvenWithTheRightPassword() {
        assertThat(login(0, alice, "wrong", client()).statusCode()).isEqualTo(401);
        assertThat(login(1, alice, "wrong", client()).statusCode()).isEqualTo(401);

        HttpResponse<String> refused = login(0, alice, PASSWORD, client());
        assertThat(refused.statusCode()).isEqualTo(429);
        assertThat(refused.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(refused.body()).contains("too-many-logins");
        assertThat(refused.headers().firstValue("Retry-After")).hasValueSatisfying(seconds ->
                assertThat(Long.parseLong(seconds)).isBetween(1L, 60L));
        assertThat(login(1, bob, PASSWORD, client()).statusCode()).as("another user").isEqualTo(200);
    }

    @Test
    void anAddressPastItsAttemptsIsRefusedWhateverTheUsername() {
        String address = client();
        for (int i = 0; i < 4; i++) {
            assertThat(login(i % 2, "nobody-" + i, "x", address).statusCode()).isEqualTo(401);
        }
        assertThat(login(0, bob, PASSWORD, address).statusCode()).isEqualTo(429);
        assertThat(login(0, bob, PASSWORD, client()).statusCode()).as("another address").isEqualTo(200);
    }

    private HttpResponse<String> login(int instance, String username, String password, String clientAddress) {
        URI uri = cluster.context(instance).getBean(EmbeddedServer.class).getURI();
        return new Browser().send(uri, "POST", "/login",
                "{\"username\": \"" + username + "\", \"password\": \"" + password + "\"}",
                "X-Forwarded-For", "198.51.100.7, " + clientAddress);
    }

    /** @return a client address of the documentation range, one per call */
    private static String client() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        return "203.0." + random.nextInt(256) + "." + random.nextInt(256);
    }
}
