package dev.cachegate.e2e;

import dev.cachegate.testinfra.Browser;
import dev.cachegate.testinfra.Http;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

import java.io.IOException;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * End to end on the real topology: {@code scripts/stack up} (Debian's redis-server, PostgreSQL and nginx, three
 * cachegate instances from the built jar), every request through nginx. Run with {@code ./mvnw -B verify -Pe2e}.
 * The stack uses ports and a directory of its own, so a stack a developer is running is left alone.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class StackE2E {

    private static final Path STACK_DIR = Path.of("target/stack-e2e").toAbsolutePath();
    private static final Pattern PRICE = Pattern.compile("\"priceCents\":(\\d+)");
    private static final long S_MAXAGE_SECONDS = 2;

    private Map<String, String> stack;
    private URI nginx;
    private Http http;
    private List<Long> started = List.of();

    @BeforeAll
    void up() throws Exception {
        stack("down");
        deleteRecursively(STACK_DIR);
        int code = stack("up");
        assertThat(code).as("scripts/stack up (logs in %s)", STACK_DIR.resolve("logs")).isZero();
        stack = readEnv(STACK_DIR.resolve("stack.env"));
        nginx = URI.create(stack.get("NGINX_URL"));
        http = new Http(nginx);
        started = stackPids();
        assertThat(started).as("pids of redis ×2, postgres ×2, app ×3, nginx").hasSizeGreaterThanOrEqualTo(8);
        assertThat(stack("status")).as("scripts/stack status with every part up").isZero();
    }

    @AfterAll
    void downLeavesNoProcessBehind() throws Exception {
        List<Long> pids = new ArrayList<>(started);
        pids.addAll(stackPids());
        assertThat(stack("down")).isZero();
        assertThat(stack("status")).as("scripts/stack status with everything stopped").isNotZero();
        for (long pid : pids) {
            ProcessHandle.of(pid).ifPresent(p -> p.onExit().orTimeout(30, TimeUnit.SECONDS).join());
            assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).as("pid %d", pid).isFalse();
        }
        assertThat(ProcessHandle.allProcesses().filter(p -> p.info().commandLine()
                .map(c -> c.contains(STACK_DIR.toString())).orElse(false)).toList()).isEmpty();
    }

    @Test
    @Order(1)
    void whoamiRotatesOverTheThreeInstancesAndStatsNamesWhoServedEach() throws Exception {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 12; i++) {
            String body = http.get("/whoami").body();
            Matcher id = Pattern.compile("\"instanceId\":\"(app\\d)\"").matcher(body);
            assertThat(id.find()).as(body).isTrue();
            seen.add(id.group(1));
        }
        assertThat(seen).containsExactlyInAnyOrder("app1", "app2", "app3");

        assertThat(http.get("/stats").statusCode()).as("ops endpoints are not served to clients").isEqualTo(404);
        assertThat(http.get("/health").statusCode()).isEqualTo(404);
        String stats = new Http(URI.create(stack.get("NGINX_OPS_URL"))).get("/stats").body();
        Matcher entries = Pattern.compile("\\{\"instanceId\":\"(app\\d)\",\"method\":\"GET\",\"path\":\"[^\"]+\",\"status\":\\d+,"
                + "\"at\":\"[^\"]+\"}").matcher(stats);
        Set<String> servers = new HashSet<>();
        int count = 0;
        while (entries.find()) {
            count++;
            servers.add(entries.group(1));
        }
        assertThat(count).as(stats).isEqualTo(10);
        assertThat(servers).hasSizeGreaterThanOrEqualTo(2);
    }

    @Test
    @Order(2)
    void aProductIsAMissThenAHitWithinSMaxageAndIsFetchedAgainAfterIt() throws Exception {
        String path = "/products/" + (100 + ThreadLocalRandom.current().nextInt(800));
        assertThat(cacheStatus(http.get(path))).isEqualTo("MISS");
        assertThat(cacheStatus(http.get(path))).isEqualTo("HIT");

        Thread.sleep(TimeUnit.SECONDS.toMillis(S_MAXAGE_SECONDS) + 1200);

        assertThat(cacheStatus(http.get(path))).as("past s-maxage: fetched again").isIn("STALE", "EXPIRED", "UPDATING");
    }

    @Test
    void aMissingProductIsA404ThatNginxKeepsBriefly() {
        String path = "/products/" + (900_000_000L + ThreadLocalRandom.current().nextInt(1_000_000));
        HttpResponse<String> first = http.get(path);
        assertThat(first.statusCode()).isEqualTo(404);
        assertThat(cacheStatus(first)).isEqualTo("MISS");
        HttpResponse<String> second = http.get(path);
        assertThat(second.statusCode()).isEqualTo(404);
        assertThat(cacheStatus(second)).as("random ids cost the origin one request per id and period").isEqualTo("HIT");
    }

    @Test
    void theStoresRefuseClientsWithoutTheirRolesPasswordAndTheSecretFilesAreTheOwnersOnly() throws Exception {
        for (String variable : List.of("REDIS_CACHE_URI", "REDIS_URI")) {
            URI uri = URI.create(stack.get(variable));
            assertThat(redisCli("-p", Integer.toString(uri.getPort()), "set", "poison", "1"))
                    .as("%s without a password", variable).contains("NOAUTH");
            assertThat(redisCli("-u", "redis://" + uri.getUserInfo().replaceAll(":.*", ":wrong") + "@127.0.0.1:"
                    + uri.getPort(), "ping")).as("%s with a wrong password", variable).contains("WRONGPASS");
            assertThat(redisCli("-u", uri.toString(), "ping")).as("%s as its role", variable).contains("PONG");
        }
        URI primary = URI.create(stack.get("PG_PRIMARY_URL"));
        String jdbc = "jdbc:postgresql://" + primary.getHost() + ":" + primary.getPort() + primary.getPath();
        assertThatThrownBy(() -> DriverManager.getConnection(jdbc, "postgres", "").close())
                .as("PostgreSQL without the password").hasMessageContaining("password");
        for (String file : List.of("secrets.env", "stack.env", "redis-cache.conf", "redis-state.conf")) {
            assertThat(Files.getPosixFilePermissions(STACK_DIR.resolve(file)))
                    .as(file).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        }
    }

    @Test
    void theHiddenInputCorpusThroughNginxGetsNo5xxAndNoStackTrace() throws Exception {
        List<HostileRequests.Hostile> corpus = HostileRequests.corpus(
                stack.get("CACHEGATE_API_KEYS").split(",")[0], stack.get("CACHEGATE_ADMIN_TOKEN"));
        assertThat(corpus).hasSizeGreaterThanOrEqualTo(100);
        List<String> failures = new ArrayList<>();
        for (HostileRequests.Hostile hostile : corpus) {
            String answer = sendRaw(hostile.bytes());
            Matcher status = Pattern.compile("^HTTP/1\\.[01] (\\d{3})").matcher(answer);
            if (hostile.incomplete() && answer.isEmpty()) {
                continue;
            }
            if (!status.find()) {
                failures.add(hostile.name() + ": no HTTP answer: " + abbreviated(answer));
            } else if (Integer.parseInt(status.group(1)) >= 500) {
                failures.add(hostile.name() + ": " + abbreviated(answer));
            } else if (answer.contains("\tat ") || answer.contains("Exception")) {
                failures.add(hostile.name() + ": a stack trace or exception name: " + abbreviated(answer));
            }
        }
        assertThat(failures).as("of %d hostile requests", corpus.size()).isEmpty();
    }

    private String sendRaw(byte[] request) throws IOException {
        try (Socket socket = new Socket(nginx.getHost(), nginx.getPort())) {
            socket.setSoTimeout(30_000);
            socket.getOutputStream().write(request);
            socket.getOutputStream().flush();
            try {
                return new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
            } catch (SocketTimeoutException e) {
                return "no answer within 30 s";
            } catch (SocketException e) {
                return "connection reset: " + e.getMessage();
            }
        } catch (SocketException e) {
            return "connection failed: " + e.getMessage();
        }
    }

    private static String abbreviated(String answer) {
        String line = answer.replace("\r\n", " | ");
        return line.length() <= 300 ? line : line.substring(0, 300) + "…";
    }

    private static String redisCli(String... arguments) throws Exception {
        List<String> command = new ArrayList<>(List.of("redis-cli", "--no-auth-warning"));
        command.addAll(List.of(arguments));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        process.waitFor(10, TimeUnit.SECONDS);
        return output;
    }

    @Test
    @Order(3)
    void loginMeAndPaymentsAreNeverServedFromTheCache() {
        Browser user = new Browser();
        for (int i = 0; i < 2; i++) {
            assertThat(cacheStatus(login(user, 0))).isNotEqualTo("HIT");
            assertThat(cacheStatus(user.send(nginx, "GET", "/me", null))).isNotEqualTo("HIT");
            HttpResponse<String> payment = user.send(nginx, "POST", "/payments",
                    "{\"amountCents\": 100, \"currency\": \"EUR\", \"source\": \"tok_visa\"}", "Idempotency-Key", "e2e-key");
            assertThat(payment.statusCode()).isEqualTo(201);
            assertThat(cacheStatus(payment)).isNotEqualTo("HIT");
        }
    }

    @Test
    @Order(4)
    void killingAnInstanceDuringTrafficFailsNoRequestAndKeepsTheSession() throws Exception {
        Browser user = new Browser();
        assertThat(login(user, 1).statusCode()).isEqualTo(200);
        List<String> failures = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            if (i == 60) {
                assertThat(stack("kill", "app2")).isZero();
            }
            HttpResponse<String> me = user.send(nginx, "GET", "/me", null);
            HttpResponse<String> product = http.get("/products/" + (1 + ThreadLocalRandom.current().nextInt(1000)));
            if (me.statusCode() != 200) {
                failures.add(i + " /me " + me.statusCode());
            }
            if (product.statusCode() != 200) {
                failures.add(i + " product " + product.statusCode());
            }
        }
        assertThat(failures).isEmpty();
        assertThat(user.send(nginx, "GET", "/me", null).body()).contains("\"username\":\"" + account(1)[0] + "\"");
        assertThat(stack("start", "app2")).isZero();
    }

    @Test
    @Order(5)
    void aPriceUpdateIsVisibleThroughNginxAtOnce() {
        String path = "/products/" + (1 + ThreadLocalRandom.current().nextInt(50));
        http.get(path);
        assertThat(cacheStatus(http.get(path))).isEqualTo("HIT");
        long newPrice = 10_000 + ThreadLocalRandom.current().nextInt(10_000);

        HttpResponse<String> update = http.put(path + "/price", "{\"priceCents\": " + newPrice
                + ", \"currency\": \"USD\"}", "Authorization", "Bearer " + stack.get("CACHEGATE_ADMIN_TOKEN"));
        assertThat(update.statusCode()).isEqualTo(200);

        HttpResponse<String> after = http.get(path);
        assertThat(cacheStatus(after)).isEqualTo("HIT");
        assertThat(price(after)).isEqualTo(newPrice);
    }

    @Test
    @Order(6)
    void withoutThePurgeANewPriceStillShowsWithinTheStalenessBudget() throws Exception {
        long id = 50 + ThreadLocalRandom.current().nextInt(50);
        String path = "/products/" + id;
        http.get(path);
        assertThat(cacheStatus(http.get(path))).isEqualTo("HIT");
        long newPrice = 20_000 + ThreadLocalRandom.current().nextInt(10_000);
        try (Connection primary = primary();
             PreparedStatement update = primary.prepareStatement(
                     "UPDATE products SET price_cents = ?, version = version + 1, updated_at = now() WHERE id = ?")) {
            update.setLong(1, newPrice);
            update.setLong(2, id);
            assertThat(update.executeUpdate()).isEqualTo(1);
        }
        URI instance = URI.create(stack.get("APP_URLS").split(" ")[0]);
        assertThat(Http.send(HttpRequest.newBuilder(instance.resolve("/admin/cache" + path)).DELETE()
                .header("Authorization", "Bearer " + stack.get("CACHEGATE_ADMIN_TOKEN")).build()).statusCode())
                .as("evict from L1 and L2, which does not purge the CDN").isEqualTo(204);
        long start = System.nanoTime();

        long seen = price(http.get(path));
        while (seen != newPrice && System.nanoTime() - start < TimeUnit.SECONDS.toNanos(60)) {
            Thread.sleep(200);
            seen = price(http.get(path));
        }
        long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start);
        System.out.printf("E2E: without the purge, the new price showed through nginx after %d s%n", seconds);
        assertThat(seen).as("new price within the 60 s budget").isEqualTo(newPrice);
    }

    private static String cacheStatus(HttpResponse<String> response) {
        return response.headers().firstValue("X-Cache-Status").orElse("");
    }

    private static long price(HttpResponse<String> response) {
        Matcher matcher = PRICE.matcher(response.body());
        assertThat(matcher.find()).as(response.body()).isTrue();
        return Long.parseLong(matcher.group(1));
    }

    @Test
    @Order(7)
    void aRollingRestartUnderTrafficFailsNoRequestAndChargesEveryPaymentOnce() throws Exception {
        Browser user = new Browser();
        assertThat(login(user, 2).statusCode()).isEqualTo(200);
        String run = "roll-" + System.nanoTime() + "-";
        CompletableFuture<Integer> restart = new CompletableFuture<>();
        Thread.ofPlatform().start(() -> {
            try {
                restart.complete(stack("rolling-restart"));
            } catch (Exception e) {
                restart.completeExceptionally(e);
            }
        });
        List<String> failures = new ArrayList<>();
        Map<String, Integer> sent = new HashMap<>();
        int payments = 0;
        long start = System.nanoTime();
        while (!restart.isDone() && System.nanoTime() - start < TimeUnit.SECONDS.toNanos(600)) {
            String key = run + payments++;
            String body = "{\"amountCents\": 100, \"currency\": \"EUR\", \"source\": \"tok_visa\"}";
            check(failures, sent, "product", 200,
                    () -> http.get("/products/" + (1 + ThreadLocalRandom.current().nextInt(1000))));
            check(failures, sent, "me", 200, () -> user.send(nginx, "GET", "/me", null));
            int account = 3 + payments % 40;
            check(failures, sent, "login", 200, () -> login(new Browser(), account));
            check(failures, sent, "payment", 201,
                    () -> user.send(nginx, "POST", "/payments", body, "Idempotency-Key", key));
            check(failures, sent, "payment replay", 201,
                    () -> user.send(nginx, "POST", "/payments", body, "Idempotency-Key", key));
        }
        assertThat(restart.get(10, TimeUnit.SECONDS)).as("scripts/stack rolling-restart").isZero();
        Map<Long, Long> keysByCharges = chargesPerKey(run);
        System.out.printf("E2E: rolling restart in %d s: requests %s, failed %d, idempotency keys by charges %s%n",
                TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start), sent, failures.size(), keysByCharges);
        assertThat(failures).as("failed requests during the rolling restart").isEmpty();
        assertThat(keysByCharges).as("idempotency keys by provider charges").isEqualTo(Map.of(1L, (long) payments));
    }

    private static void check(List<String> failures, Map<String, Integer> sent, String kind, int expected,
                              Supplier<HttpResponse<String>> request) {
        sent.merge(kind, 1, Integer::sum);
        try {
            HttpResponse<String> response = request.get();
            if (response.statusCode() != expected) {
                failures.add(kind + " " + response.statusCode() + " " + response.body());
            }
        } catch (RuntimeException e) {
            failures.add(kind + " " + e);
        }
    }

    /** @return how many of this run's idempotency keys the provider charged 0, 1, 2… times */
    private Map<Long, Long> chargesPerKey(String run) throws Exception {
        Map<Long, Long> keysByCharges = new HashMap<>();
        try (Connection primary = primary();
             PreparedStatement query = primary.prepareStatement("SELECT count(c.idempotency_key) FROM idempotency_keys k"
                     + " LEFT JOIN provider_simulator_charges c ON c.idempotency_key = k.claim_id::text"
                     + " WHERE k.idem_key LIKE ? GROUP BY k.idem_key")) {
            query.setString(1, run + "%");
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    keysByCharges.merge(rows.getLong(1), 1L, Long::sum);
                }
            }
        }
        return keysByCharges;
    }

    private Connection primary() throws SQLException {
        URI url = URI.create(stack.get("PG_PRIMARY_URL"));
        String[] user = url.getUserInfo().split(":", 2);
        return DriverManager.getConnection("jdbc:postgresql://" + url.getHost() + ":" + url.getPort() + url.getPath(),
                user[0], user[1]);
    }

    private static int stack(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("scripts/stack"));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).inheritIO();
        Map<String, String> env = builder.environment();
        env.put("STACK_DIR", STACK_DIR.toString());
        env.put("STACK_NGINX_PORT", "18080");
        env.put("STACK_NGINX_OPS_PORT", "18089");
        env.put("STACK_APP_PORTS", "18081 18082 18083");
        env.put("STACK_REDIS_CACHE_PORT", "16380");
        env.put("STACK_REDIS_STATE_PORT", "16381");
        env.put("STACK_PG_PRIMARY_PORT", "15433");
        env.put("STACK_PG_REPLICA_PORT", "15434");
        env.put("STACK_SEED_PRODUCTS", "1000");
        env.put("STACK_JAVA_OPTS", "-Xmx256m");
        env.put("CACHEGATE_CATALOG_HTTP_S_MAXAGE", S_MAXAGE_SECONDS + "s");
        env.put("CACHEGATE_CATALOG_HTTP_STALE_WHILE_REVALIDATE", "2s");
        env.put("CACHEGATE_CATALOG_CACHE_L1_TTL", "2s");
        env.put("CACHEGATE_CATALOG_CACHE_L2_TTL", "4s");
        env.put("CACHEGATE_CATALOG_PRELOAD_REFRESH_EVERY", "3s");
        env.put("CACHEGATE_CATALOG_PRELOAD_CHECK_INTERVAL", "1s");
        Process process = builder.start();
        if (!process.waitFor(300, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("scripts/stack " + String.join(" ", args) + " took over 300 s");
        }
        return process.exitValue();
    }

    private static List<Long> stackPids() throws IOException {
        List<Long> pids = new ArrayList<>();
        Path pidDir = STACK_DIR.resolve("pids");
        if (Files.isDirectory(pidDir)) {
            try (Stream<Path> files = Files.list(pidDir)) {
                for (Path file : (Iterable<Path>) files::iterator) {
                    pids.add(Long.parseLong(Files.readString(file).trim()));
                }
            }
        }
        for (String file : new String[] {"pg/primary/postmaster.pid", "pg/replica/postmaster.pid", "nginx/nginx.pid"}) {
            Path path = STACK_DIR.resolve(file);
            if (Files.exists(path)) {
                pids.add(Long.parseLong(Files.readAllLines(path).get(0).trim()));
            }
        }
        return pids;
    }

    /** Logs in as the stack's {@code index}-th generated account (production mode has no open logins). */
    private HttpResponse<String> login(Browser user, int index) {
        String[] account = account(index);
        return user.login(nginx, account[0], account[1]);
    }

    /** @return the stack's {@code index}-th generated account: username and password */
    private String[] account(int index) {
        return stack.get("STACK_SESSION_ACCOUNTS").split(",")[index].split(":", 2);
    }

    @Test
    @Order(3)
    void productionModeLetsOnlyTheConfiguredAccountsLogIn() {
        String[] account = account(2);
        assertThat(new Browser().login(nginx, "anyone").statusCode()).as("the seed's open login").isEqualTo(401);
        assertThat(new Browser().login(nginx, account[0], "wrong-password").statusCode()).isEqualTo(401);
        assertThat(new Browser().login(nginx, account[0], account[1]).statusCode()).isEqualTo(200);
    }

    private static Map<String, String> readEnv(Path file) throws IOException {
        Map<String, String> env = new HashMap<>();
        for (String line : Files.readAllLines(file)) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                env.put(line.substring(0, eq), line.substring(eq + 1).replace("\"", ""));
            }
        }
        return env;
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : (Iterable<Path>) paths.sorted(java.util.Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(path);
            }
        }
    }
}
