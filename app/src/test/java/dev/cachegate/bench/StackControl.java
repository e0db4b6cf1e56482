package dev.cachegate.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The benchmark's handle on a running {@code scripts/stack}: its addresses and secrets from {@code stack.env}, restarts
 * of instances with other settings (every {@code CACHEGATE_*} variable reaches the instances), and the faults the
 * benchmark injects: an instance's {@code /admin/faults}, a restart of the cache Redis, SQL on the replica.
 */
final class StackControl {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final Path root;
    private final Map<String, String> env;
    private final List<String> startRetries = new ArrayList<>();

    StackControl(Path root, Path stackEnv) throws IOException {
        this.root = root;
        this.env = parseEnv(Files.readString(stackEnv));
    }

    static Map<String, String> parseEnv(String text) {
        Map<String, String> values = new LinkedHashMap<>();
        for (String line : text.split("\n")) {
            int eq = line.indexOf('=');
            if (eq > 0 && !line.startsWith("#")) {
                values.put(line.substring(0, eq).trim(), line.substring(eq + 1).trim().replaceAll("^\"|\"$", ""));
            }
        }
        return values;
    }

    String get(String key) {
        String value = env.get(key);
        if (value == null) {
            throw new IllegalStateException("stack.env has no " + key);
        }
        return value;
    }

    URI cdn() {
        return URI.create(get("NGINX_URL"));
    }

    List<URI> instances() {
        return Arrays.stream(get("APP_URLS").split(" ")).map(URI::create).toList();
    }

    /**
     * Restarts the named instances (and/or {@code nginx}, with an empty cache, and/or {@code redis-cache}, empty) with
     * these settings on top of the defaults; settings of earlier restarts do not carry over.
     */
    void restart(Map<String, String> settings, String... names) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command(names)).directory(root.toFile()).redirectErrorStream(true);
        builder.environment().keySet().removeIf(key -> key.startsWith("CACHEGATE_") && !isSecret(key));
        builder.environment().putAll(settings);
        String output = run(builder, "scripts/stack restart " + String.join(" ", names));
        output.lines().filter(line -> line.contains("exited while starting")).forEach(line -> {
            Benchmark.progress("  %s", line);
            startRetries.add(line);
        });
    }

    /** @return what {@code scripts/stack} said of every instance it had to start again since this handle was made */
    List<String> startRetries() {
        return List.copyOf(startRetries);
    }

    /** Empties the cache role's Redis (L2 entries), as a fresh deployment of a new cache configuration would. */
    void flushCacheRedis() throws IOException, InterruptedException {
        run(new ProcessBuilder("redis-cli", "-u", get("REDIS_CACHE_URI"), "flushall").redirectErrorStream(true),
                "redis-cli flushall");
    }

    /**
     * Sets an instance's injected faults ({@code PUT /admin/faults}; instances started with
     * {@code CACHEGATE_FAULTS_ENABLED=true} only).
     *
     * @param json e.g. {@code {"invalidationDropRate":0.1}}; a field left out is left as it is, 0 clears it
     * @return the instance's answer
     */
    String faults(URI instance, String json) throws IOException, InterruptedException {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(instance.resolve("/admin/faults"))
                .timeout(Duration.ofSeconds(5)).header("Authorization", "Bearer " + get("CACHEGATE_ADMIN_TOKEN"))
                .header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofString(json)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200 && response.statusCode() != 204) {
            throw new IOException("PUT " + instance + "/admin/faults " + json + " answered " + response.statusCode()
                    + ": " + response.body());
        }
        return response.body();
    }

    /**
     * Waits until the cluster's L2 preload has finished (an instance's {@code /health} component
     * {@code catalogPreload} says the cache Redis holds it), or says it is off.
     *
     * @return {@code seconds} waited and the instance's details
     */
    Map<String, Object> awaitPreload(Duration limit) throws IOException, InterruptedException {
        long started = System.nanoTime();
        URI instance = instances().get(0);
        while (true) {
            Map<String, Object> details = Tree.map(health(instance), "details.catalogPreload.details");
            double seconds = (System.nanoTime() - started) / 1e9;
            boolean off = details != null && "disabled".equals(details.get("state"));
            if (details != null && (off || Boolean.TRUE.equals(details.get("inCacheRedis")))) {
                Map<String, Object> result = new java.util.LinkedHashMap<>(details);
                result.put("seconds", seconds);
                return result;
            }
            if (seconds > limit.toSeconds()) {
                throw new IOException("the catalog preload did not finish within " + limit + ": " + details);
            }
            Thread.sleep(1000);
        }
    }

    /** @return an instance's {@code /health} as a tree ({@link Tree}); its status code is not checked (503 = DOWN) */
    Map<String, Object> health(URI instance) throws IOException, InterruptedException {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(instance.resolve("/health"))
                .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
        return ReportWriter.parse(response.body());
    }

    /**
     * Runs one statement on the replica with {@code psql} (its own transaction, so {@code ALTER SYSTEM} works).
     *
     * @return the result, unaligned and without headers
     */
    String replicaSql(String sql) throws IOException, InterruptedException {
        return run(new ProcessBuilder("psql", get("PG_REPLICA_URL"), "-X", "-At", "-v", "ON_ERROR_STOP=1", "-c", sql)
                .redirectErrorStream(true), "psql on the replica: " + sql).strip();
    }

    private List<String> command(String... names) {
        List<String> command = new ArrayList<>(List.of(root.resolve("scripts/stack").toString(), "restart"));
        command.addAll(List.of(names));
        return command;
    }

    private static boolean isSecret(String key) {
        return key.equals("CACHEGATE_ADMIN_TOKEN") || key.equals("CACHEGATE_SESSION_SIGNING_KEYS")
                || key.equals("CACHEGATE_API_KEYS") || key.equals("CACHEGATE_CDN_PURGE_SECRET");
    }

    static String run(ProcessBuilder builder, String what) throws IOException, InterruptedException {
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (process.waitFor() != 0) {
            throw new IOException(what + " failed:\n" + output);
        }
        return output;
    }
}
