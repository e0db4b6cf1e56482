package dev.cachegate;

import dev.cachegate.testinfra.ApplicationYml;
import dev.cachegate.testinfra.ComposeFile;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static dev.cachegate.testinfra.ApplicationYml.duration;
import static dev.cachegate.testinfra.ComposeFile.resolve;
import static dev.cachegate.testinfra.ComposeFile.unescape;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Keeps docker-compose.yml (the Docker way of running the three-instance topology) in step with the rest of the
 * project: application.yml's keys, nginx-cdn/nginx.conf.template's placeholders, the Dockerfile. There is no Docker
 * engine in the build, so this reads the files only: hermetic and fast. Paths are relative to the project root,
 * Maven's working directory for tests.
 */
class ComposeFileTest {

    private static final Path COMPOSE_REPLICA2 = Path.of("docker-compose.replica2.yml");
    private static final Path NGINX_TEMPLATE = Path.of("nginx-cdn/nginx.conf.template");
    private static final Path DOCKERFILE = Path.of("Dockerfile");

    private static final List<String> BACKING_SERVICES =
            List.of("redis-cache", "redis-state", "postgres-primary", "postgres-replica");
    private static final List<String> APPS = List.of("app1", "app2", "app3");
    private static final String NGINX = "nginx";

    /** The template's envsubst placeholders. */
    private static final Pattern TEMPLATE_PLACEHOLDER = Pattern.compile("\\$\\{([A-Z_]+)}");
    private static final Pattern UPSTREAM_SERVER = Pattern.compile("server\\s+([A-Za-z0-9.-]+):(\\d+)(\\s[^;]*)?;");

    private static ComposeFile composeFile;
    private static Map<String, Map<String, Object>> services;
    private static Map<String, Object> compose;
    private static ApplicationYml applicationYml;

    @BeforeAll
    static void load() {
        composeFile = ComposeFile.load();
        compose = composeFile.root();
        services = composeFile.services();
        applicationYml = ApplicationYml.load();
    }

    @Test
    void everyServiceOfTheTopologyExistsAndStartsOnlyAfterWhatItNeedsIsHealthy() {
        List<String> expected = new ArrayList<>(BACKING_SERVICES);
        expected.addAll(APPS);
        expected.add(NGINX);
        assertThat(services).containsOnlyKeys(expected);

        services.forEach((name, service) -> {
            if (!name.equals(NGINX)) {
                assertThat(service).as("%s has a healthcheck", name).containsKey("healthcheck");
                assertThat(healthcheckTest(name)).as("%s's healthcheck test", name).isNotEmpty();
            }
            dependsOn(name).forEach((dependency, condition) -> {
                assertThat(services).as("%s depends on an existing service", name).containsKey(dependency);
                if ("service_healthy".equals(condition)) {
                    assertThat(services.get(dependency)).as("%s waits for %s to be healthy, so %s needs a healthcheck",
                            name, dependency, dependency).containsKey("healthcheck");
                }
            });
        });
        for (String app : APPS) {
            Map<String, String> expectedDependencies = new LinkedHashMap<>();
            BACKING_SERVICES.forEach(backing -> expectedDependencies.put(backing, "service_healthy"));
            assertThat(dependsOn(app)).as("%s's depends_on", app).containsExactlyInAnyOrderEntriesOf(expectedDependencies);
        }
        assertThat(dependsOn("postgres-replica")).containsEntry("postgres-primary", "service_healthy");
        Map<String, String> nginxDependencies = new LinkedHashMap<>();
        APPS.forEach(app -> nginxDependencies.put(app, "service_healthy"));
        assertThat(dependsOn(NGINX)).containsExactlyInAnyOrderEntriesOf(nginxDependencies);
    }

    @Test
    void everyEnvironmentVariableOfTheAppsSetsAConfigurationKeyThatApplicationYmlDeclares() {
        // The mapping itself: the example application.yml's header gives, and a near miss.
        assertThat(applicationYml.keyOf("CACHEGATE_CATALOG_MAX_PAGE_SIZE")).contains("cachegate.catalog.max-page-size");
        assertThat(applicationYml.keyOf("CACHEGATE_CATALOG_MAX_PAGESIZE")).isEmpty();
        // INSTANCE_ID is no key of its own: application.yml maps it with ${INSTANCE_ID:}.
        assertThat(applicationYml.envPlaceholders()).contains("INSTANCE_ID");

        Map<String, List<String>> unmapped = new TreeMap<>();
        for (String app : APPS) {
            for (String variable : env(app).keySet()) {
                if (!applicationYml.isMapped(variable)) {
                    unmapped.computeIfAbsent(app, a -> new ArrayList<>()).add(variable);
                }
            }
        }
        assertThat(unmapped)
                .as("environment variables of the apps that set no key application.yml declares (Micronaut maps "
                        + "A_B_C to a.b.c, a.b-c, ...): declare the key in application.yml or fix the variable")
                .isEmpty();
    }

    @Test
    void theThreeInstancesRunTheSameImageAndConfigurationUnderDistinctInstanceIds() {
        List<String> ids = APPS.stream().map(app -> env(app).get("INSTANCE_ID")).toList();
        assertThat(ids).containsExactlyElementsOf(APPS).doesNotHaveDuplicates();

        Map<String, Object> first = services.get(APPS.get(0));
        assertThat(first.get("image")).as("the apps' image").isNotNull();
        assertThat(first.get("build")).as("the apps' build").isNotNull();
        Map<String, String> firstEnv = new TreeMap<>(env(APPS.get(0)));
        firstEnv.remove("INSTANCE_ID");
        for (String app : APPS) {
            Map<String, Object> service = services.get(app);
            assertThat(service.get("image")).as("%s's image", app).isEqualTo(first.get("image"));
            assertThat(service.get("build")).as("%s's build", app).isEqualTo(first.get("build"));
            assertThat(service.get("healthcheck")).as("%s's healthcheck", app).isEqualTo(first.get("healthcheck"));
            Map<String, String> appEnv = new TreeMap<>(env(app));
            appEnv.remove("INSTANCE_ID");
            assertThat(appEnv).as("%s's environment but INSTANCE_ID", app).isEqualTo(firstEnv);
        }
        assertThat(buildContext(first).resolve(buildDockerfile(first))).as("the apps' Dockerfile").exists();
    }

    @Test
    void theImageServesOnTheAppsPortAndHasTheToolTheirHealthcheckRuns() throws IOException {
        String dockerfile = Files.readString(DOCKERFILE);
        String runtimeStage = dockerfile.substring(dockerfile.lastIndexOf("\nFROM "));
        String port = appPort(APPS.get(0));

        assertThat(runtimeStage).containsPattern("(?m)^EXPOSE\\s+" + port + "\\s*$");
        assertThat(runtimeStage).containsPattern("(?m)^ENTRYPOINT \\[\"java\", \"-jar\", \"/app/cachegate.jar\"]\\s*$");
        assertThat(runtimeStage).containsPattern("(?m)^USER\\s+(?!root\\b|0\\b)\\S+");

        List<String> test = healthcheckTest(APPS.get(0));
        assertThat(test.get(0)).isEqualTo("CMD");
        String tool = test.get(1);
        assertThat(runtimeStage).as("the runtime image installs %s, the healthcheck's tool", tool)
                .containsPattern("install[^\\n]*\\b" + Pattern.quote(tool) + "\\b");
        assertThat(test).as("the apps' healthcheck probes readiness on their own port")
                .contains("http://127.0.0.1:" + port + "/health/readiness");
    }

    @Test
    void nginxBalancesOverExactlyTheAppsOnTheirPortsAndPublishesItsListenPort() {
        String upstreams = env(NGINX).get("NGINX_UPSTREAM_SERVERS");
        assertThat(upstreams).as("NGINX_UPSTREAM_SERVERS").isNotBlank();
        List<String> servers = new ArrayList<>();
        for (String line : upstreams.strip().split("\n")) {
            Matcher server = UPSTREAM_SERVER.matcher(line.strip());
            assertThat(server.matches()).as("upstream line '%s' is 'server host:port ...;'", line).isTrue();
            servers.add(server.group(1) + ":" + server.group(2));
        }
        List<String> expected = APPS.stream().map(app -> app + ":" + appPort(app)).toList();
        assertThat(servers).containsExactlyInAnyOrderElementsOf(expected);

        String listen = env(NGINX).get("NGINX_LISTEN");
        List<String> containerPorts = ((List<?>) services.get(NGINX).get("ports")).stream()
                .map(String::valueOf)
                .map(mapping -> mapping.substring(mapping.lastIndexOf(':') + 1).replace("/tcp", ""))
                .toList();
        assertThat(containerPorts).as("nginx publishes NGINX_LISTEN").contains(listen);
    }

    @Test
    void nginxSetsAndSubstitutesExactlyThePlaceholdersOfTheTemplate() throws IOException {
        String template = Files.readString(NGINX_TEMPLATE);
        Set<String> placeholders = TEMPLATE_PLACEHOLDER.matcher(template).results().map(m -> m.group(1))
                .collect(Collectors.toCollection(TreeSet::new));
        assertThat(placeholders).as("the template's placeholders").isNotEmpty();
        assertThat(env(NGINX).keySet()).as("nginx's environment").containsAll(placeholders);

        String script = unescape(String.join(" ", command(NGINX)));
        Matcher envsubst = Pattern.compile("envsubst\\s+'([^']*)'").matcher(script);
        assertThat(envsubst.find()).as("nginx's command runs envsubst with an explicit variable list").isTrue();
        Set<String> substituted = Pattern.compile("\\$\\{?([A-Za-z_][A-Za-z0-9_]*)}?").matcher(envsubst.group(1))
                .results().map(m -> m.group(1)).collect(Collectors.toCollection(TreeSet::new));
        assertThat(substituted).as("envsubst's list, so that nginx's own $variables survive").isEqualTo(placeholders);

        // It renders the template from where nginx-cdn/ is mounted, into the file nginx then runs with.
        String mountTarget = ((List<?>) services.get(NGINX).get("volumes")).stream().map(String::valueOf)
                .filter(volume -> volume.startsWith("./nginx-cdn:"))
                .map(volume -> volume.split(":")[1])
                .findFirst().orElseThrow(() -> new AssertionError("nginx mounts ./nginx-cdn"));
        assertThat(script).contains("< " + mountTarget + "/" + NGINX_TEMPLATE.getFileName());
        Matcher output = Pattern.compile("nginx\\.conf\\.template\\s*>\\s*\"?([^\"\\s]+)\"?").matcher(script);
        Matcher nginx = Pattern.compile("nginx\\s+-g\\s+'daemon off;'\\s+-c\\s+\"?([^\"\\s]+)\"?").matcher(script);
        assertThat(output.find()).as("the rendered file").isTrue();
        assertThat(nginx.find()).as("nginx runs in the foreground with the rendered file").isTrue();
        assertThat(nginx.group(1)).isEqualTo(output.group(1));

        // The directories the template writes into exist before nginx starts.
        Set<String> templateDirs = Pattern.compile("\\$\\{NGINX_RUNTIME_DIR}/([A-Za-z_]+)/").matcher(template)
                .results().map(m -> m.group(1)).collect(Collectors.toCollection(TreeSet::new));
        String mkdir = script.lines().filter(line -> line.contains("mkdir")).collect(Collectors.joining("\n"));
        Set<String> created = Pattern.compile("\\$\\{?NGINX_RUNTIME_DIR}?/([A-Za-z_]+)").matcher(mkdir)
                .results().map(m -> m.group(1)).collect(Collectors.toSet());
        assertThat(created).as("directories nginx's command creates").containsAll(templateDirs).contains("cache");
    }

    @Test
    void theAppsPurgeThroughNginxWithTheSecretNginxChecks() {
        String nginxSecret = env(NGINX).get("NGINX_PURGE_SECRET");
        for (String app : APPS) {
            assertThat(env(app).get("CACHEGATE_CDN_PURGE_SECRET")).as("%s's purge secret", app)
                    .isEqualTo(nginxSecret);
        }

        String listen = env(NGINX).get("NGINX_LISTEN");
        for (String app : APPS) {
            String urls = env(app).get("CACHEGATE_CDN_PURGE_URLS");
            assertThat(urls).as("%s's CACHEGATE_CDN_PURGE_URLS", app).isNotBlank();
            for (String url : resolve(urls).split(",")) {
                URI uri = URI.create(url.strip());
                assertThat(uri.getScheme()).isEqualTo("http");
                assertThat(uri.getHost()).as("%s purges the nginx service", app).isEqualTo(NGINX);
                assertThat(String.valueOf(uri.getPort())).as("%s purges nginx's listen port", app).isEqualTo(listen);
            }
        }
        assertThat(resolve(env(NGINX).get("NGINX_PURGE_ALLOW"))).as("NGINX_PURGE_ALLOW is a network")
                .matches("\\d{1,3}(\\.\\d{1,3}){3}/\\d{1,2}");
    }

    @Test
    void theCacheRedisEvictsAndTheStateRedisNeverDoesAndTheAppsUseEachForItsRole() {
        List<String> cache = command("redis-cache");
        assertThat(option(cache, "--maxmemory-policy")).isEqualTo("allkeys-lfu");
        assertThat(option(cache, "--maxmemory")).isNotBlank().isNotEqualTo("0");
        assertThat(option(cache, "--appendonly")).isEqualTo("no");
        assertThat(option(cache, "--save")).isEmpty();

        List<String> state = command("redis-state");
        assertThat(option(state, "--maxmemory-policy")).isEqualTo("noeviction");
        assertThat(option(state, "--maxmemory")).as("a limit, so that a flood of sessions cannot take the host")
                .isNotBlank().isNotEqualTo("0");
        assertThat(option(state, "--appendonly")).isEqualTo("yes");
        assertThat(((List<?>) services.get("redis-state").get("volumes")).stream().map(String::valueOf))
                .as("redis-state keeps /data in a volume").anyMatch(volume -> volume.endsWith(":/data"));

        for (String app : APPS) {
            assertThat(host(env(app).get("CACHEGATE_REDIS_CACHE_URI"))).as("%s's cache Redis", app)
                    .isEqualTo("redis-cache");
            assertThat(host(env(app).get("CACHEGATE_REDIS_STATE_URI"))).as("%s's state Redis", app)
                    .isEqualTo("redis-state");
            // redis.uri is the roles' fallback: never the evictable one.
            assertThat(host(env(app).get("REDIS_URI"))).as("%s's REDIS_URI", app).isEqualTo("redis-state");
        }
    }

    @Test
    void theAppsRunInProductionModeAgainstAReplicaStreamingFromThePrimary() {
        for (String app : APPS) {
            Map<String, String> env = env(app);
            assertThat(env).as("%s sets all three server locations (production mode)", app)
                    .containsKeys("REDIS_URI", "DATASOURCES_PRIMARY_URL", "DATASOURCES_REPLICA_URL");
            assertThat(host(env.get("DATASOURCES_PRIMARY_URL"))).isEqualTo("postgres-primary");
            assertThat(host(env.get("DATASOURCES_REPLICA_URL"))).isEqualTo("postgres-replica");
        }

        String primary = String.join(" ", command("postgres-primary"));
        assertThat(primary).contains("wal_level=replica", "hot_standby=on");
        String hba = initScripts("postgres-primary");
        assertThat(hba).as("the primary's init scripts allow replication").contains("host replication all all scram-sha-256");

        String replica = unescape(String.join(" ", command("postgres-replica")));
        assertThat(replica).containsPattern("pg_basebackup -h postgres-primary -U postgres -D \"\\$PGDATA\" -R")
                .contains("PG_VERSION", "exec gosu postgres postgres");
    }

    @Test
    @SuppressWarnings("unchecked")
    void theSecondReplicaFileAddsAStreamingReplicaOfItsOwnThatEveryAppReadsFrom() throws IOException {
        Map<String, Object> overlay = ComposeFile.load(COMPOSE_REPLICA2).root();
        Map<String, Map<String, Object>> added = (Map<String, Map<String, Object>>) overlay.get("services");
        List<String> expected = new ArrayList<>(APPS);
        expected.add("postgres-replica2");
        assertThat(added).containsOnlyKeys(expected);

        Map<String, Object> replica2 = added.get("postgres-replica2");
        assertThat(replica2.get("extends"))
                .isEqualTo(Map.of("file", ComposeFile.PATH.toString(), "service", "postgres-replica"));
        assertThat(services).containsKey("postgres-replica");
        assertThat((Map<String, Object>) replica2.get("depends_on"))
                .isEqualTo(services.get("postgres-replica").get("depends_on"));
        String volume = String.valueOf(((List<?>) replica2.get("volumes")).get(0));
        String replicaVolume = String.valueOf(((List<?>) services.get("postgres-replica").get("volumes")).get(0));
        assertThat(volume.substring(volume.indexOf(':'))).as("the same mount point, so it replaces the base's")
                .isEqualTo(replicaVolume.substring(replicaVolume.indexOf(':')));
        assertThat(volume.substring(0, volume.indexOf(':'))).as("a volume of its own")
                .isNotEqualTo(replicaVolume.substring(0, replicaVolume.indexOf(':')))
                .isIn(((Map<String, Object>) overlay.get("volumes")).keySet());

        for (String app : APPS) {
            Map<String, Object> service = added.get(app);
            Map<String, String> env = (Map<String, String>) service.get("environment");
            assertThat(env).as("%s's added environment", app).containsOnlyKeys("DATASOURCES_REPLICA2_URL");
            assertThat(applicationYml.libraryKeyOf("DATASOURCES_REPLICA2_URL")).contains("datasources.replica2.url");
            assertThat(host(env.get("DATASOURCES_REPLICA2_URL"))).isEqualTo("postgres-replica2");
            assertThat((Map<String, Object>) service.get("depends_on"))
                    .isEqualTo(Map.of("postgres-replica2", Map.of("condition", "service_healthy")));
        }
    }

    @Test
    void everySecretMustBeSetAndHasNoPublishedDefault() {
        Map<String, String> env = env(APPS.get(0));
        for (String secret : List.of("CACHEGATE_ADMIN_TOKEN", "CACHEGATE_SESSION_SIGNING_KEYS", "CACHEGATE_API_KEYS",
                "CACHEGATE_CDN_PURGE_SECRET", "CACHEGATE_CATALOG_CURSOR_SECRET")) {
            assertThat(env.get(secret)).as("%s is required, with a message that says how to make one", secret)
                    .matches("\\$\\{" + secret + ":\\?[^}]*openssl rand[^}]*}");
        }
        assertThat(env.get("CACHEGATE_SESSION_USERS")).as("production mode has no open logins")
                .matches("\\$\\{CACHEGATE_SESSION_USERS:\\?[^}]+}");
        assertThat(env(NGINX).get("NGINX_PURGE_SECRET")).matches("\\$\\{CACHEGATE_CDN_PURGE_SECRET:\\?[^}]+}");
    }

    @Test
    void everyStoreAsksForItsOwnPasswordAndNoneHasAnOpenDefaultUser() {
        for (String role : List.of("cache", "state")) {
            Map<String, Object> redis = services.get("redis-" + role);
            String variable = "CACHEGATE_REDIS_" + role.toUpperCase(java.util.Locale.ROOT) + "_PASSWORD";
            assertThat(env("redis-" + role)).containsEntry("REDIS_ROLE", role).hasEntrySatisfying("REDIS_PASSWORD",
                    value -> assertThat(value).matches("\\$\\{" + variable + ":\\?[^}]*openssl rand[^}]*}"));
            assertThat(String.join(" ", ((List<?>) redis.get("entrypoint")).stream().map(String::valueOf).toList()))
                    .contains("user default off").contains("user %s on >%s");
            assertThat(String.join(" ", ((List<?>) ((Map<?, ?>) redis.get("healthcheck")).get("test")).stream()
                    .map(String::valueOf).toList())).contains("REDISCLI_AUTH").contains("--user");
        }
        Map<String, String> app = env(APPS.get(0));
        assertThat(app.get("CACHEGATE_REDIS_CACHE_URI")).startsWith("redis://cache:${CACHEGATE_REDIS_CACHE_PASSWORD");
        assertThat(app.get("CACHEGATE_REDIS_STATE_URI")).startsWith("redis://state:${CACHEGATE_REDIS_STATE_PASSWORD");
        assertThat(app.get("DATASOURCES_PRIMARY_PASSWORD")).startsWith("${CACHEGATE_DB_PASSWORD:?");
        assertThat(env("postgres-primary")).doesNotContainKey("POSTGRES_HOST_AUTH_METHOD")
                .hasEntrySatisfying("POSTGRES_PASSWORD", value -> assertThat(value)
                        .startsWith("${CACHEGATE_DB_PASSWORD:?"))
                .hasEntrySatisfying("POSTGRES_INITDB_ARGS", value -> assertThat(value)
                        .contains("--auth-host=scram-sha-256", "--auth-local=scram-sha-256"));
        assertThat(env("postgres-replica")).containsKey("PGPASSWORD");
    }

    @Test
    void nginxIsPublishedOnLoopbackOnly() {
        assertThat(((List<?>) services.get(NGINX).get("ports")).stream().map(String::valueOf))
                .allSatisfy(mapping -> assertThat(mapping).startsWith("127.0.0.1:"));
    }

    @Test
    void theDrainOutlastsNginxsPooledConnectionsAndComposeWaitsForTheWholeShutdown() throws IOException {
        Duration drain = duration(applicationYml.value("cachegate.shutdown.drain"));
        Duration inFlight = duration(applicationYml.value("cachegate.shutdown.in-flight-timeout"));
        String template = Files.readString(NGINX_TEMPLATE);
        Matcher upstream = Pattern.compile("(?s)upstream cachegate \\{.*?keepalive_timeout (\\w+);").matcher(template);
        assertThat(upstream.find()).as("nginx's upstream block sets keepalive_timeout").isTrue();

        assertThat(duration(upstream.group(1))).as("nginx's upstream keepalive_timeout").isLessThan(drain);
        for (String app : APPS) {
            assertThat(duration(services.get(app).get("stop_grace_period"))).as(app + "'s stop_grace_period")
                    .isGreaterThan(drain.plus(inFlight));
        }
    }

    /** A service's environment, as written (before compose interpolates it). */
    private static Map<String, String> env(String service) {
        return composeFile.env(service);
    }

    private static String appPort(String app) {
        String port = env(app).get("MICRONAUT_SERVER_PORT");
        assertThat(port).as("%s's MICRONAUT_SERVER_PORT", app).matches("\\d+");
        return port;
    }

    private static Map<String, String> dependsOn(String service) {
        Object dependsOn = services.get(service).get("depends_on");
        Map<String, String> conditions = new LinkedHashMap<>();
        if (dependsOn instanceof Map<?, ?> map) {
            map.forEach((name, spec) -> conditions.put(String.valueOf(name),
                    spec instanceof Map<?, ?> m ? String.valueOf(m.get("condition")) : "service_started"));
        } else if (dependsOn instanceof List<?> list) {
            list.forEach(name -> conditions.put(String.valueOf(name), "service_started"));
        }
        return conditions;
    }

    private static List<String> healthcheckTest(String service) {
        Map<?, ?> healthcheck = (Map<?, ?>) services.get(service).get("healthcheck");
        Object test = healthcheck.get("test");
        return test instanceof List<?> list ? list.stream().map(String::valueOf).toList()
                : List.of("CMD-SHELL", String.valueOf(test));
    }

    /** A service's command (entrypoint + command), each argument as written. */
    private static List<String> command(String service) {
        List<String> words = new ArrayList<>();
        for (String field : List.of("entrypoint", "command")) {
            Object value = services.get(service).get(field);
            if (value instanceof List<?> list) {
                list.forEach(word -> words.add(String.valueOf(word)));
            } else if (value != null) {
                words.addAll(shellWords(String.valueOf(value)));
            }
        }
        return words;
    }

    private static String option(List<String> args, String name) {
        int at = args.indexOf(name);
        assertThat(at).as("option %s in %s", name, args).isNotNegative().isLessThan(args.size() - 1);
        return args.get(at + 1);
    }

    /** The contents of the configs a service mounts under /docker-entrypoint-initdb.d. */
    private static String initScripts(String service) {
        Map<?, ?> configs = (Map<?, ?>) compose.get("configs");
        StringBuilder scripts = new StringBuilder();
        Object mounted = services.get(service).get("configs");
        if (mounted instanceof List<?> list && configs != null) {
            for (Object entry : list) {
                if (entry instanceof Map<?, ?> config
                        && String.valueOf(config.get("target")).startsWith("/docker-entrypoint-initdb.d/")) {
                    Map<?, ?> definition = (Map<?, ?>) configs.get(config.get("source"));
                    scripts.append(definition.get("content")).append('\n');
                }
            }
        }
        return scripts.toString();
    }

    private static Path buildContext(Map<String, Object> service) {
        Object build = service.get("build");
        return Path.of(build instanceof Map<?, ?> map ? String.valueOf(map.get("context")) : String.valueOf(build));
    }

    private static String buildDockerfile(Map<String, Object> service) {
        Object build = service.get("build");
        return build instanceof Map<?, ?> map && map.get("dockerfile") != null ? String.valueOf(map.get("dockerfile"))
                : "Dockerfile";
    }

    private static String host(String url) {
        String resolved = resolve(url);
        return URI.create(resolved.startsWith("jdbc:") ? resolved.substring(5) : resolved).getHost();
    }

    /** Splits a command string the way compose does for the simple cases: whitespace, single and double quotes. */
    private static List<String> shellWords(String command) {
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        boolean inWord = false;
        char quote = 0;
        for (char c : command.toCharArray()) {
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                } else {
                    word.append(c);
                }
            } else if (c == '\'' || c == '"') {
                quote = c;
                inWord = true;
            } else if (Character.isWhitespace(c)) {
                if (inWord) {
                    words.add(word.toString());
                    word.setLength(0);
                    inWord = false;
                }
            } else {
                word.append(c);
                inWord = true;
            }
        }
        if (inWord) {
            words.add(word.toString());
        }
        return words;
    }
}
