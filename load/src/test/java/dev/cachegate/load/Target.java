package dev.cachegate.load;

import java.util.Arrays;
import java.util.List;

/**
 * Where and how hard a simulation drives: system properties first ({@code -DbaseUrl=…}), then the environment that
 * {@code scripts/stack up} writes to {@code target/stack/stack.env}, then defaults. Every run is bounded in rate and
 * duration and targets loopback unless told otherwise.
 */
final class Target {

    private Target() {
    }

    static String baseUrl() {
        return System.getProperty("baseUrl", System.getenv().getOrDefault("NGINX_URL", "http://127.0.0.1:8080"));
    }

    static List<String> appUrls() {
        String urls = System.getProperty("appUrls", System.getenv().getOrDefault("APP_URLS",
                "http://127.0.0.1:8081 http://127.0.0.1:8082 http://127.0.0.1:8083"));
        List<String> list = Arrays.stream(urls.split("[\\s,]+")).map(String::trim).filter(u -> !u.isEmpty())
                .map(u -> u.endsWith("/") ? u.substring(0, u.length() - 1) : u).toList();
        if (list.isEmpty()) {
            throw new IllegalArgumentException("set -DappUrls=… or APP_URLS (source target/stack/stack.env)");
        }
        return list;
    }

    static int rate() {
        return bounded("rate", 250, 1, 5_000);
    }

    static int priceUpdatesPerSecond() {
        return bounded("priceUpdates", 2, 1, 50);
    }

    static int budgetSeconds() {
        return bounded("budgetSeconds", 60, 1, 300);
    }

    static int durationSeconds() {
        return bounded("duration", 30, 1, 600);
    }

    static int warmUpSeconds() {
        return bounded("warmup", 20, 1, 600);
    }

    static long catalogSize() {
        return Long.getLong("catalogSize", 100_000);
    }

    static long seed() {
        return Long.getLong("seed", 42);
    }

    static String apiKey() {
        String keys = System.getProperty("apiKey", System.getenv().getOrDefault("CACHEGATE_API_KEYS", ""));
        String first = keys.split(",")[0].trim();
        if (first.isEmpty()) {
            throw new IllegalArgumentException("set -DapiKey=… or CACHEGATE_API_KEYS (source target/stack/stack.env)");
        }
        return first;
    }

    static String adminToken() {
        String token = System.getProperty("adminToken", System.getenv().getOrDefault("CACHEGATE_ADMIN_TOKEN", ""))
                .trim();
        if (token.isEmpty()) {
            throw new IllegalArgumentException(
                    "set -DadminToken=… or CACHEGATE_ADMIN_TOKEN (source target/stack/stack.env)");
        }
        return token;
    }

    static List<String> sessionUsers() {
        String users = System.getProperty("sessionUsers", System.getenv().getOrDefault("STACK_SESSION_ACCOUNTS",
                ""));
        List<String> list = Arrays.stream(users.split(",")).map(String::trim).filter(u -> !u.isEmpty()).toList();
        for (int i = 0; i < list.size(); i++) {
            if (list.get(i).indexOf(':') < 1) {
                throw new IllegalArgumentException("-DsessionUsers entries must be username:password but entry "
                        + (i + 1) + " is not");
            }
        }
        return list;
    }

    private static int bounded(String name, int fallback, int min, int max) {
        int value = Integer.getInteger(name, fallback);
        if (value < min || value > max) {
            throw new IllegalArgumentException("-D" + name + " must be between " + min + " and " + max + " but was "
                    + value);
        }
        return value;
    }
}
