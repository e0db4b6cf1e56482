package dev.cachegate.cache;

import dev.cachegate.testinfra.Http;
import dev.cachegate.testinfra.UsesSharedServers;

import java.net.http.HttpResponse;
import java.util.Map;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Small reads of product responses shared by the cache tests. */
final class CacheTesting {

    static final String[] ADMIN = {"Authorization", "Bearer " + UsesSharedServers.ADMIN_TOKEN};

    /** The design before the change stream: TTLs bound staleness, so the budget must be raised to let them. */
    static final Map<String, String> TTL_ONLY = Map.of("cachegate.catalog.changes.enabled", "false",
            "cachegate.catalog.cache.l1.ttl", "10s", "cachegate.catalog.cache.l2.ttl", "30s",
            "cachegate.catalog.max-staleness", "120s");
    private static final Pattern PRICE = Pattern.compile("\"priceCents\":(\\d+)");

    private CacheTesting() {
    }

    static long price(HttpResponse<String> response) {
        Matcher matcher = PRICE.matcher(response.body());
        if (!matcher.find()) {
            throw new AssertionError("no priceCents in " + response.statusCode() + " " + response.body());
        }
        return Long.parseLong(matcher.group(1));
    }

    static String layer(HttpResponse<String> response) {
        return response.headers().firstValue("X-Cache").orElse("none");
    }

    static HttpResponse<String> setPrice(Http http, long id, long priceCents) {
        HttpResponse<String> response = http.put("/products/" + id + "/price",
                "{\"priceCents\": " + priceCents + ", \"currency\": \"USD\"}", ADMIN);
        if (response.statusCode() != 200) {
            throw new AssertionError("price update answered " + response.statusCode() + " " + response.body());
        }
        return response;
    }

    /**
     * Reads until the response satisfies {@code wanted} or {@code millis} pass.
     *
     * @return the last response
     */
    static HttpResponse<String> readUntil(Http http, String path, Predicate<HttpResponse<String>> wanted, long millis,
                                          String... headers) throws InterruptedException {
        long deadline = System.nanoTime() + millis * 1_000_000;
        HttpResponse<String> response = http.get(path, headers);
        while (!wanted.test(response) && System.nanoTime() < deadline) {
            Thread.sleep(5);
            response = http.get(path, headers);
        }
        return response;
    }
}
