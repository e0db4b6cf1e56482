package dev.cachegate.edge;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The CDN tier's own rules on Debian's real nginx, rendered from {@code nginx-cdn/nginx.conf.template} the way
 * {@code scripts/stack} renders it, in front of an upstream that is down: what nginx refuses never reaches it (a 403),
 * what it lets through does (a 502).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class NginxEdgeIT {

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private Path dir;
    private URI base;
    private URI ops;

    @BeforeAll
    void start() throws Exception {
        Path nginx = Stream.of("/usr/sbin/nginx", "/usr/bin/nginx").map(Path::of).filter(Files::isExecutable)
                .findFirst().orElseThrow(() -> new IllegalStateException(
                        "NginxEdgeIT needs nginx: apt-get update && apt-get install -y nginx"));
        dir = Files.createTempDirectory("cachegate-nginx-edge-");
        for (String sub : new String[] {"logs", "temp", "cache"}) {
            Files.createDirectories(dir.resolve(sub));
        }
        int port = freePort();
        int opsPort = freePort();
        String config = render(Files.readString(Path.of("nginx-cdn/nginx.conf.template")), Map.of(
                "NGINX_LISTEN", "127.0.0.1:" + port,
                "NGINX_OPS_LISTEN", "127.0.0.1:" + opsPort,
                "NGINX_UPSTREAM_SERVERS", "        server 127.0.0.1:" + freePort() + ";\n",
                "NGINX_RUNTIME_DIR", dir.toString(),
                "NGINX_PURGE_ALLOW", "127.0.0.1",
                "NGINX_PURGE_SECRET", "",
                "NGINX_RATE", "20r/s",
                "NGINX_BURST", "20"));
        if ("root".equals(System.getProperty("user.name"))) {
            config = "user root root;\n" + config;
        }
        Path file = dir.resolve("nginx.conf");
        Files.writeString(file, config);
        Process process = new ProcessBuilder(nginx.toString(), "-p", dir.toString(), "-c", file.toString(), "-e",
                dir.resolve("logs/error.log").toString()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        assertThat(process.waitFor(30, TimeUnit.SECONDS) && process.exitValue() == 0).as("nginx started: %s", output)
                .isTrue();
        base = URI.create("http://127.0.0.1:" + port);
        ops = URI.create("http://127.0.0.1:" + opsPort);
    }

    @AfterAll
    void stop() throws Exception {
        Path pid = dir.resolve("nginx.pid");
        if (Files.exists(pid)) {
            long master = Long.parseLong(Files.readString(pid).trim());
            ProcessHandle.of(master).ifPresent(handle -> {
                handle.destroy();
                handle.onExit().orTimeout(10, TimeUnit.SECONDS).join();
            });
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
    }

    @Test
    void opsEndpointsAreServedOnTheOpsListenerOnly() throws Exception {
        for (String path : new String[] {"/health", "/health/readiness", "/prometheus", "/stats", "/swagger-ui/",
                "/swagger/cachegate-0.1.yml"}) {
            assertThat(status(path, Map.of())).as("%s to clients", path).isEqualTo(404);
            assertThat(client.send(HttpRequest.newBuilder(ops.resolve(path)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode()).as("%s on the ops listener", path)
                    .isEqualTo(502);
        }
        assertThat(status("/healthy-products", Map.of())).as("only those paths").isEqualTo(502);
    }

    @Test
    void anEmptyPurgeSecretPurgesNothing() throws Exception {
        assertThat(status("/_purge/products/1", Map.of())).as("no X-Purge-Secret").isEqualTo(403);
        assertThat(status("/_purge/products/1", Map.of("X-Purge-Secret", "guess"))).isEqualTo(403);
        assertThat(status("/products/1", Map.of())).as("the same upstream, reached by a read").isEqualTo(502);
    }

    @Test
    void aClientRequestIdIsLoggedOnlyWhenSaneSoNoClientWritesLogFields() throws Exception {
        String forged = "x cache=HIT rt=0.000 upstream=forged";
        HttpResponse<Void> response = client.send(HttpRequest.newBuilder(base.resolve("/whoami?forge"))
                .header("X-Request-Id", forged).build(), HttpResponse.BodyHandlers.discarding());
        String replaced = response.headers().firstValue("X-Request-Id").orElseThrow();
        client.send(HttpRequest.newBuilder(base.resolve("/whoami?sane")).header("X-Request-Id", "trace-0042:a.b_c")
                .build(), HttpResponse.BodyHandlers.discarding());

        assertThat(replaced).as("a generated id").matches("[0-9a-f]{32}");
        String log = awaitLogLine("/whoami?sane");
        assertThat(log).doesNotContain("upstream=forged").contains("rid=" + replaced + " ")
                .contains("rid=trace-0042:a.b_c ");
    }

    @Test
    void aClientPastTheEdgeRateGets429WithAProblemAndRetryAfterWhileOthersPassOn() throws Exception {
        HttpClient greedy = HttpClient.newBuilder().localAddress(InetAddress.getByName("127.0.0.2"))
                .connectTimeout(Duration.ofSeconds(5)).build();
        HttpResponse<String> refused = null;
        for (int i = 0; i < 200 && refused == null; i++) {
            HttpResponse<String> response = greedy.send(HttpRequest.newBuilder(base.resolve("/products/" + i))
                    .build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() == 429) {
                refused = response;
            }
        }
        assertThat(refused).as("a 429 within 200 requests at 20 r/s with bursts of 20").isNotNull();
        assertThat(refused.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(refused.headers().firstValue("Retry-After")).hasValue("1");
        assertThat(refused.body()).contains("\"status\":429").contains("rate-limited");
        assertThat(status("/products/1", Map.of())).as("another address, the same moment").isEqualTo(502);
    }

    /** nginx buffers the access log for up to a second (flush=1s). */
    private String awaitLogLine(String marker) throws IOException, InterruptedException {
        Path log = dir.resolve("logs/access.log");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            String text = Files.exists(log) ? Files.readString(log) : "";
            if (text.contains(marker)) {
                return text;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no access-log line for " + marker + " within 10 s");
    }

    private int status(String path, Map<String, String> headers) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(10));
        headers.forEach(request::header);
        return client.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    /** envsubst with only the named variables, as the stack and compose run it. */
    private static String render(String template, Map<String, String> variables) {
        String rendered = template;
        for (Map.Entry<String, String> variable : variables.entrySet()) {
            rendered = rendered.replace("${" + variable.getKey() + "}", variable.getValue());
        }
        return rendered;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
