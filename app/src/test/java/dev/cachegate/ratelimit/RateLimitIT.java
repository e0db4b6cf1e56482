package dev.cachegate.ratelimit;

import dev.cachegate.testinfra.Cluster;
import dev.cachegate.testinfra.Http;
import dev.cachegate.testinfra.OwnRedis;
import org.junit.jupiter.api.Test;
import redis.embedded.RedisServer;

import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The gateway's rate limit on a real state Redis shared by two instances, behind a trusted proxy (the test, on
 * 127.0.0.1, plays nginx and names each client in X-Forwarded-For, so every test has addresses of its own). The
 * buckets are 4 requests per hour, settled with Redis on every request (unsynchronized-tokens 0), so no token comes
 * back during a test.
 */
class RateLimitIT {

    private static final String API_KEY = "rate-limit-it-api-key-0123456789";

    @Test
    void anAddressHasOneBucketAcrossInstancesAndPastItGets429WithRetryAfterAndTheRateLimitFields() throws Exception {
        RedisServer redis = OwnRedis.started(OwnRedis.freePort());
        try (Cluster cluster = Cluster.start(2, "ratelimit", limits(redis))) {
            String address = client();
            for (int i = 0; i < 4; i++) {
                HttpResponse<String> allowed = whoami(cluster.http(i % 2), address);
                assertThat(allowed.statusCode()).as("request %d", i).isEqualTo(200);
                assertThat(allowed.headers().firstValue("RateLimit-Policy")).hasValue("\"address\";q=4;w=3600");
                assertThat(allowed.headers().firstValue("RateLimit")).hasValueSatisfying(value ->
                        assertThat(value).startsWith("\"address\";r=").contains(";t="));
            }
            for (int instance = 0; instance < 2; instance++) {
                HttpResponse<String> refused = whoami(cluster.http(instance), address);
                assertThat(refused.statusCode()).as("instance %d past the shared bucket", instance).isEqualTo(429);
                assertThat(refused.headers().firstValue("Content-Type")).hasValue("application/problem+json");
                assertThat(refused.body()).contains("rate-limited");
                assertThat(refused.headers().firstValue("Retry-After")).hasValueSatisfying(seconds ->
                        assertThat(Long.parseLong(seconds)).isBetween(1L, 3600L));
                assertThat(refused.headers().firstValue("RateLimit")).hasValueSatisfying(value ->
                        assertThat(value).startsWith("\"address\";r=0;t="));
            }

            assertThat(whoami(cluster.http(0), client()).statusCode()).as("another address").isEqualTo(200);
            assertThat(cluster.http(0).get("/health/liveness", "X-Forwarded-For", address).statusCode())
                    .as("health checks are not limited").isEqualTo(200);
            HttpResponse<String> withKey = whoami(cluster.http(1), address, "Authorization", "Bearer " + API_KEY);
            assertThat(withKey.statusCode()).as("an API key has its own bucket").isEqualTo(200);
            assertThat(withKey.headers().firstValue("RateLimit-Policy")).hasValue("\"principal\";q=6;w=3600");
            assertThat(cluster.counter("cachegate.rate.limit.decisions", "outcome", "refused", "store", "redis"))
                    .isEqualTo(2);
        } finally {
            redis.stop();
        }
    }

    @Test
    void withTheStateRedisDownEachInstanceStillEnforcesTheLimitOnItsOwn() throws Exception {
        RedisServer redis = OwnRedis.started(OwnRedis.freePort());
        try (Cluster cluster = Cluster.start(1, "ratelimit-outage", limits(redis))) {
            assertThat(whoami(cluster.http(0), client()).statusCode()).isEqualTo(200);
            redis.stop();

            String address = client();
            for (int i = 0; i < 4; i++) {
                assertThat(whoami(cluster.http(0), address).statusCode()).as("request %d, Redis down", i)
                        .isEqualTo(200);
            }
            HttpResponse<String> refused = whoami(cluster.http(0), address);
            assertThat(refused.statusCode()).as("the local bucket is as small as the shared one").isEqualTo(429);
            assertThat(refused.headers().firstValue("Retry-After")).isPresent();
            assertThat(cluster.counter("cachegate.rate.limit.decisions", "outcome", "refused", "store", "local"))
                    .isEqualTo(1);
        } finally {
            redis.stop();
        }
    }

    private static Map<String, String> limits(RedisServer redis) {
        Map<String, String> properties = new HashMap<>();
        properties.put("cachegate.redis.state-uri", "redis://127.0.0.1:" + redis.ports().getFirst());
        properties.put("cachegate.client-address.trusted-proxies", "127.0.0.0/8");
        properties.put("cachegate.api-keys", API_KEY);
        properties.put("cachegate.rate-limit.address-requests", "4");
        properties.put("cachegate.rate-limit.principal-requests", "6");
        properties.put("cachegate.rate-limit.period", "1h");
        properties.put("cachegate.rate-limit.unsynchronized-tokens", "0");
        return properties;
    }

    private static HttpResponse<String> whoami(Http instance, String address, String... headers) {
        String[] all = new String[headers.length + 2];
        all[0] = "X-Forwarded-For";
        all[1] = "198.51.100.7, " + address;
        System.arraycopy(headers, 0, all, 2, headers.length);
        return instance.get("/whoami", all);
    }

    /** @return a client address of the documentation range, one per call */
    private static String client() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        return "203.0." + random.nextInt(256) + "." + random.nextInt(256);
    }
}
