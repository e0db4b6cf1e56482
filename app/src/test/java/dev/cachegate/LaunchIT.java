package dev.cachegate;

import dev.cachegate.testinfra.Http;
import dev.cachegate.testinfra.Products;
import dev.cachegate.testinfra.SharedInfrastructure;
import dev.cachegate.testinfra.TestInfrastructure;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs {@link Application#main} the way a user does, in a JVM of its own: the embedded default, production mode on
 * given servers, the refusals at startup, and the production jar ({@code -Dcachegate.test.jar}, set by the build).
 */
class LaunchIT {

    private static final Pattern DATA_ROOT = Pattern.compile("data in (\\S+)\\)");

    @Test
    void embeddedDefaultServesASeededCatalogAndLeavesNothingBehindWhenStopped() throws Exception {
        try (Launched app = Launched.start(Map.of(), "-Dcachegate.embedded.seed-products=1000")) {
            app.awaitUp();
            Http http = app.http();
            assertThat(http.get("/products/1").statusCode()).isEqualTo(200);
            assertThat(http.get("/products/1000").statusCode()).isEqualTo(200);
            assertThat(http.get("/products/1001").statusCode()).isEqualTo(404);
            assertThat(http.get("/products/abc").statusCode()).isEqualTo(400);
            assertThat(http.get("/health").body()).contains("\"status\":\"UP\"");

            Matcher root = DATA_ROOT.matcher(app.output());
            assertThat(root.find()).as("the log names the embedded data directory").isTrue();
            Path dataRoot = Path.of(root.group(1));
            List<ProcessHandle> servers = new ArrayList<>(app.process.descendants().toList());
            ProcessHandle.allProcesses()
                    .filter(p -> p.info().commandLine().map(c -> c.contains(dataRoot.toString())).orElse(false))
                    .forEach(servers::add);
            assertThat(servers).as("redis-server and two postmasters").hasSizeGreaterThanOrEqualTo(3);

            app.process.destroy();
            assertThat(app.process.waitFor(60, TimeUnit.SECONDS)).as("stopped within 60 s").isTrue();

            for (ProcessHandle server : servers) {
                server.onExit().get(10, TimeUnit.SECONDS);
                assertThat(server.isAlive()).as("%s", server.info().commandLine()).isFalse();
            }
            assertThat(dataRoot).doesNotExist();
        }
    }

    @Test
    void productionModeUsesTheConfiguredServersAndStartsNoEmbeddedOnes() throws Exception {
        try (Launched app = Launched.start(sharedServersAnd("INSTANCE_ID", "launch-it"))) {
            app.awaitUp();
            long id = Products.insert(777);

            assertThat(app.http().get("/whoami").body()).isEqualTo("{\"instanceId\":\"launch-it\"}");
            assertThat(awaitStatus(app.http(), "/products/" + id, 200)).as("a product written to the given primary, "
                    + "read through the given replica").isEqualTo(200);
            assertThat(app.output()).doesNotContain("Embedded servers up").doesNotContain("embedded default");
            assertThat(app.process.descendants()).as("no redis-server child").isEmpty();
        }
    }

    @Test
    void aPartialServerConfigurationIsRefusedNamingWhatIsMissing() throws Exception {
        try (Launched app = Launched.start(Map.of("REDIS_URI", "redis://127.0.0.1:1"))) {
            assertThat(app.process.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(app.process.exitValue()).isEqualTo(2);
            assertThat(app.output()).contains("missing [datasources.primary.url (DATASOURCES_PRIMARY_URL), "
                    + "datasources.replica.url (DATASOURCES_REPLICA_URL)]").doesNotContain("\tat ");
        }
    }

    @Test
    void theProductionJarCarriesNoEmbeddedServerAndWithoutServersSaysWhatToSet() throws Exception {
        Path jar = Path.of(System.getProperty("cachegate.test.jar", "app/target/cachegate.jar"));
        try (JarFile entries = new JarFile(jar.toFile())) {
            assertThat(entries.getEntry("dev/cachegate/Application.class")).as("%s is the application", jar).isNotNull();
            assertThat(entries.stream().map(JarEntry::getName)
                    .filter(name -> name.startsWith("dev/cachegate/embedded/") || name.startsWith("io/zonky/")
                            || name.startsWith("redis/embedded/") || name.endsWith(".txz")))
                    .as("embedded server classes and binaries in %s", jar).isEmpty();
        }
        try (Launched app = Launched.startJar(Map.of(), jar)) {
            assertThat(app.process.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(app.process.exitValue()).isEqualTo(2);
            assertThat(app.output()).contains("set [redis.uri (REDIS_URI), datasources.primary.url "
                    + "(DATASOURCES_PRIMARY_URL), datasources.replica.url (DATASOURCES_REPLICA_URL)]")
                    .doesNotContain("\tat ").doesNotContain("Embedded servers up");
        }
    }

    @Test
    void aBadConfigValueStopsStartupEchoingIt() throws Exception {
        assertThat(refusedToStart("CACHEGATE_CATALOG_MAX_PAGE_SIZE", "0"))
                .contains("cachegate.catalog.max-page-size must be between 1 and 1000 but was 0");
    }

    @Test
    void productionModeRefusesADemoSecretNamingItsKeyButNotItsValue() throws Exception {
        assertThat(refusedToStart("CACHEGATE_ADMIN_TOKEN", "compose-demo-admin-token"))
                .contains("Production mode refuses these secrets: cachegate.admin-token (CACHEGATE_ADMIN_TOKEN): it "
                        + "contains 'compose-demo'").doesNotContain("demo-admin-token");
    }

    @Test
    void productionModeRefusesToStartWithoutSessionUsers() throws Exception {
        assertThat(refusedToStart("CACHEGATE_SESSION_USERS", ""))
                .contains("cachegate.session.users (CACHEGATE_SESSION_USERS) must be set in production mode");
    }

    /** @return the output of a production start on the shared servers with one variable changed, which must fail */
    private static String refusedToStart(String name, String value) throws Exception {
        try (Launched app = Launched.start(sharedServersAnd(name, value))) {
            assertThat(app.process.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(app.process.exitValue()).isNotZero();
            return app.output();
        }
    }

    private static Map<String, String> sharedServersAnd(String name, String value) {
        TestInfrastructure servers = SharedInfrastructure.get();
        Map<String, String> environment = new HashMap<>(Map.of(
                "REDIS_URI", servers.redisUri(),
                "DATASOURCES_PRIMARY_URL", servers.primaryJdbcUrl(),
                "DATASOURCES_PRIMARY_USERNAME", servers.username(),
                "DATASOURCES_REPLICA_URL", servers.replicaJdbcUrl(),
                "CACHEGATE_ADMIN_TOKEN", "launch-it-admin-token",
                "CACHEGATE_SESSION_SIGNING_KEYS", "launch-it-session-signing-key-0123456789",
                "CACHEGATE_CATALOG_CURSOR_SECRET", "launch-it-page-cursor-key-9f86d081884c",
                "CACHEGATE_SESSION_USERS", "launch-it:$2a$10$s5f/9yyZWOCi5d9PXS4P6.GUBomjAXKnWwycYLcswBEOgVB4p4Kze"));
        environment.put(name, value);
        return environment;
    }

    private static int awaitStatus(Http http, String path, int wanted) throws InterruptedException {
        int status = -1;
        for (int attempt = 0; attempt < 200 && status != wanted; attempt++) {
            if (attempt > 0) {
                Thread.sleep(25);
            }
            status = http.get(path).statusCode();
        }
        return status;
    }

    private static final class Launched implements AutoCloseable {

        private static final Duration STARTUP = Duration.ofSeconds(120);

        final Process process;
        final int port;
        private final StringBuffer output = new StringBuffer();

        private Launched(Process process, int port) {
            this.process = process;
            this.port = port;
            Thread pump = new Thread(() -> {
                try (BufferedReader lines = new BufferedReader(
                        new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                    for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                        output.append(line).append('\n');
                    }
                } catch (IOException ignored) {
                    // the process is gone
                }
            }, "launched-output");
            pump.setDaemon(true);
            pump.start();
        }

        static Launched start(Map<String, String> env, String... jvmOptions) throws IOException {
            List<String> launch = new ArrayList<>(List.of(jvmOptions));
            launch.addAll(List.of("-cp", System.getProperty("java.class.path"), Application.class.getName()));
            return launch(env, launch);
        }

        /** Runs the production jar, which carries no embedded servers, as {@code java -jar} does. */
        static Launched startJar(Map<String, String> env, Path jar) throws IOException {
            return launch(env, List.of("-jar", jar.toString()));
        }

        private static Launched launch(Map<String, String> env, List<String> launch) throws IOException {
            int port;
            try (ServerSocket socket = new ServerSocket(0)) {
                port = socket.getLocalPort();
            }
            List<String> command = new ArrayList<>();
            command.add(ProcessHandle.current().info().command().orElse("java"));
            command.add("-Dmicronaut.server.port=" + port);
            command.addAll(launch);
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
            builder.environment().keySet().removeIf(name -> name.startsWith("REDIS_") || name.startsWith("DATASOURCES_")
                    || name.startsWith("CACHEGATE_") || name.equals("INSTANCE_ID") || name.startsWith("MICRONAUT_"));
            builder.environment().putAll(env);
            return new Launched(builder.start(), port);
        }

        Http http() {
            return new Http(URI.create("http://127.0.0.1:" + port));
        }

        void awaitUp() throws InterruptedException {
            long deadline = System.nanoTime() + STARTUP.toNanos();
            while (System.nanoTime() < deadline) {
                if (!process.isAlive()) {
                    throw new AssertionError("cachegate exited with " + process.exitValue() + ":\n" + output);
                }
                try {
                    HttpResponse<String> health = http().get("/health");
                    if (health.statusCode() == 200) {
                        return;
                    }
                } catch (RuntimeException notYet) {
                    // not listening yet
                }
                Thread.sleep(100);
            }
            throw new AssertionError("cachegate did not answer /health within " + STARTUP + ":\n" + output);
        }

        String output() {
            return output.toString();
        }

        @Override
        public void close() throws InterruptedException {
            if (process.isAlive()) {
                process.destroy();
                if (!process.waitFor(60, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            }
        }
    }
}
