package dev.cachegate.load;

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

    static int rate() {
        return bounded("rate", 200, 1, 5_000);
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

    private static int bounded(String name, int fallback, int min, int max) {
        int value = Integer.getInteger(name, fallback);
        if (value < min || value > max) {
            throw new IllegalArgumentException("-D" + name + " must be between " + min + " and " + max + " but was "
                    + value);
        }
        return value;
    }
}
