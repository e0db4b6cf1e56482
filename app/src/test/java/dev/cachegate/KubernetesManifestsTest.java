package dev.cachegate;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.introspect.Annotated;
import com.fasterxml.jackson.databind.introspect.JacksonAnnotationIntrospector;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.cachegate.bench.CapacityPlan;
import dev.cachegate.bench.Tree;
import dev.cachegate.testinfra.ApplicationYml;
import dev.cachegate.testinfra.ComposeFile;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HTTPGetAction;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.autoscaling.v2.MetricSpec;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Version;
import io.micronaut.configuration.metrics.micrometer.prometheus.management.PrometheusEndpoint;
import io.micronaut.management.endpoint.EndpointDefaultConfiguration;
import io.micronaut.management.endpoint.annotation.Endpoint;
import io.micronaut.management.endpoint.health.HealthEndpoint;
import io.micronaut.management.health.indicator.HealthCheckType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static dev.cachegate.testinfra.ApplicationYml.duration;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Keeps deploy/k8s/ (a kustomize base and the production overlay) in step with the application, docker-compose.yml,
 * scripts/stack and the capacity plan. There is no cluster in the build: every manifest is parsed into fabric8's
 * Kubernetes API model with unknown fields rejected, and the probes, the environment, the shutdown timing and the
 * sizing are checked against what they must agree with.
 */
class KubernetesManifestsTest {

    private static final Path K8S = Path.of("deploy/k8s");
    private static final Path BASE = K8S.resolve("base");
    private static final Path OVERLAY = K8S.resolve("overlays/production");
    private static final Path STACK = Path.of("scripts/stack");
    private static final Path RESULTS = Path.of("load/results");
    private static final String KUSTOMIZATION = "kustomization.yaml";
    private static final String COMPOSE_APP = "app1";
    private static final String HPA_PLAN_ANNOTATION = "cachegate.dev/capacity-plan";

    private static final Map<String, Class<? extends HasMetadata>> KINDS = Map.of(
            "Deployment", Deployment.class,
            "Service", Service.class,
            "HorizontalPodAutoscaler", HorizontalPodAutoscaler.class,
            "PodDisruptionBudget", PodDisruptionBudget.class,
            "ConfigMap", ConfigMap.class,
            "Namespace", Namespace.class);
    private static final Set<String> KUSTOMIZATION_FIELDS = Set.of("apiVersion", "kind", "namespace", "resources",
            "images", "patches", "secretGenerator", "configMapGenerator", "labels", "commonAnnotations");

    /** Set in the Deployment and not in compose, each with why. */
    private static final Map<String, String> KUBERNETES_ONLY = Map.of(
            "JAVA_TOOL_OPTIONS", "compose runs the Dockerfile's default heap; here the heap fits the memory limit",
            "DATASOURCES_PRIMARY_MAXIMUM_POOL_SIZE", "pools sized so that maxReplicas fit max_connections",
            "DATASOURCES_PRIMARY_MINIMUM_IDLE", "pools sized so that maxReplicas fit max_connections",
            "DATASOURCES_REPLICA_MAXIMUM_POOL_SIZE", "pools sized so that maxReplicas fit max_connections",
            "DATASOURCES_REPLICA_MINIMUM_IDLE", "pools sized so that maxReplicas fit max_connections",
            "CACHEGATE_CATALOG_LISTINGS_MAX_CONCURRENT", "kept below the smaller replica pool");
    /** Non-secret values that differ from compose's on purpose, each with why. */
    private static final Map<String, String> VALUES_UNLIKE_COMPOSE = Map.of(
            "DATASOURCES_PRIMARY_URL", "the managed primary, not compose's container",
            "DATASOURCES_REPLICA_URL", "the managed replica, not compose's container",
            "DATASOURCES_PRIMARY_USERNAME", "an application user, not the container's superuser",
            "CACHEGATE_CDN_PURGE_URLS", "no CDN tier in these manifests",
            "CACHEGATE_CLIENT_ADDRESS_TRUSTED_PROXIES", "the cluster's pod network, not compose's",
            "CACHEGATE_CATALOG_SEED_PRODUCTS", "a production catalog is loaded, not generated");
    /** What scripts/stack sets for its instances that a cluster must not, each with why. */
    private static final Map<String, String> STACK_ONLY = Map.of(
            "MICRONAUT_SERVER_HOST", "the stack binds loopback; a pod listens on its own address",
            "CACHEGATE_SESSION_SECURE", "the stack serves plain HTTP on loopback; production's Secure cookies apply",
            "CACHEGATE_SESSION_LOGIN_THROTTLE_ATTEMPTS_PER_ADDRESS", "raised for load tests from one address",
            "CACHEGATE_RATE_LIMIT_ADDRESS_REQUESTS", "raised for load tests from one address",
            "CACHEGATE_RATE_LIMIT_PRINCIPAL_REQUESTS", "raised for load tests from one address",
            "DATASOURCES_REPLICA2_URL", "the stack's optional second replica (STACK_PG_REPLICAS=2); a managed "
                    + "database's further replica is one more datasources.replica* URL in the overlay");

    private static final ObjectMapper STRICT = strictYaml();
    private static final Pattern HEAP = Pattern.compile("-Xmx(\\d+)([mg])");

    private static ApplicationYml applicationYml;
    private static ComposeFile compose;
    private static Deployment deployment;
    private static Container container;
    private static ConfigMap config;
    private static ConfigMap overlayConfig;
    private static Service service;
    private static HorizontalPodAutoscaler hpa;
    private static PodDisruptionBudget pdb;
    private static CapacityPlan.Request capacityRequest;
    private static CapacityPlan.Plan plan;

    @BeforeAll
    static void load() throws IOException {
        applicationYml = ApplicationYml.load();
        compose = ComposeFile.load();
        deployment = read(BASE.resolve("deployment.yaml"), Deployment.class);
        container = deployment.getSpec().getTemplate().getSpec().getContainers().get(0);
        config = read(BASE.resolve("configmap.yaml"), ConfigMap.class);
        overlayConfig = read(OVERLAY.resolve("config.yaml"), ConfigMap.class);
        service = read(BASE.resolve("service.yaml"), Service.class);
        hpa = read(BASE.resolve("hpa.yaml"), HorizontalPodAutoscaler.class);
        pdb = read(BASE.resolve("pdb.yaml"), PodDisruptionBudget.class);
        String command = hpa.getMetadata().getAnnotations().get(HPA_PLAN_ANNOTATION);
        assertThat(command).as("the HPA's %s annotation", HPA_PLAN_ANNOTATION).startsWith("load/capacity ")
                .contains("--report ");
        String[] args = command.substring("load/capacity ".length()).strip().split("\\s+");
        capacityRequest = CapacityPlan.Request.parse(args);
        plan = capacityRequest.plan();
    }

    @Test
    void everyManifestParsesIntoTheKubernetesModelWithNoUnknownFieldAndItsKindsApiVersion() throws IOException {
        assertThatThrownBy(() -> STRICT.readValue("apiVersion: apps/v1\nkind: Deployment\nspec:\n  replica: 3\n",
                Deployment.class)).as("the strict reader rejects an unknown field").hasMessageContaining("replica");

        List<Path> manifests = manifests();
        assertThat(manifests).isNotEmpty();
        Set<String> kinds = new TreeSet<>();
        for (Path manifest : manifests) {
            Map<?, ?> raw = (Map<?, ?>) ApplicationYml.readYaml(manifest);
            String kind = String.valueOf(raw.get("kind"));
            assertThat(KINDS).as("%s's kind", manifest).containsKey(kind);
            HasMetadata resource = read(manifest, KINDS.get(kind));
            assertThat(resource.getApiVersion()).as("%s's apiVersion", manifest).isEqualTo(apiVersion(KINDS.get(kind)));
            assertThat(resource.getMetadata().getName()).as("%s's name", manifest).isNotBlank();
            kinds.add(kind);
        }
        assertThat(kinds).as("the kinds deploy/k8s holds").containsExactlyInAnyOrderElementsOf(KINDS.keySet());
    }

    @Test
    void eachKustomizationListsExactlyTheManifestsBesideItAndNothingMissing() throws IOException {
        List<Path> kustomizations;
        try (Stream<Path> files = Files.walk(K8S)) {
            kustomizations = files.filter(file -> file.getFileName().toString().equals(KUSTOMIZATION)).toList();
        }
        assertThat(kustomizations).contains(BASE.resolve(KUSTOMIZATION), OVERLAY.resolve(KUSTOMIZATION));
        for (Path kustomization : kustomizations) {
            Map<String, Object> spec = yamlMap(kustomization);
            assertThat(spec).as("%s", kustomization).containsEntry("kind", "Kustomization");
            assertThat(KUSTOMIZATION_FIELDS).as("%s's fields", kustomization).containsAll(spec.keySet());
            Path dir = kustomization.getParent();
            Set<String> listed = new TreeSet<>();
            for (Object resource : list(spec.get("resources"))) {
                Path path = dir.resolve(String.valueOf(resource)).normalize();
                if (Files.isDirectory(path)) {
                    assertThat(path.resolve(KUSTOMIZATION)).as("%s's resource %s", kustomization, resource).exists();
                } else {
                    assertThat(path).as("%s's resource %s", kustomization, resource).exists();
                    listed.add(path.getFileName().toString());
                }
            }
            for (Object patch : list(spec.get("patches"))) {
                String file = String.valueOf(((Map<?, ?>) patch).get("path"));
                assertThat(dir.resolve(file)).as("%s's patch %s", kustomization, file).exists();
                listed.add(file);
            }
            Set<String> present;
            try (Stream<Path> files = Files.list(dir)) {
                present = files.map(file -> file.getFileName().toString())
                        .filter(name -> name.endsWith(".yaml") && !name.equals(KUSTOMIZATION))
                        .collect(Collectors.toCollection(TreeSet::new));
            }
            assertThat(listed).as("the manifests %s lists, beside the ones in %s", kustomization, dir)
                    .isEqualTo(present);
        }
        assertThat(list(yamlMap(OVERLAY.resolve(KUSTOMIZATION)).get("resources"))).as("the overlay builds on the base")
                .contains("../../base");
    }

    @Test
    void theProbesAndTheScrapeAskRoutesTheAppServesOnTheContainersPort() {
        String base = String.valueOf(applicationYml.settings().getOrDefault(EndpointDefaultConfiguration.PATH,
                EndpointDefaultConfiguration.DEFAULT_ENDPOINT_BASE_PATH));
        assertThat(applicationYml.settings()).as("management endpoints on the server's own port")
                .doesNotContainKey(EndpointDefaultConfiguration.PORT);
        String health = endpointPath(base, HealthEndpoint.class);
        String liveness = health + "/" + HealthCheckType.LIVENESS.name().toLowerCase(Locale.ROOT);
        String readiness = health + "/" + HealthCheckType.READINESS.name().toLowerCase(Locale.ROOT);

        assertThat(probePath(container.getStartupProbe())).isEqualTo(liveness);
        assertThat(probePath(container.getLivenessProbe())).isEqualTo(liveness);
        assertThat(probePath(container.getReadinessProbe())).isEqualTo(readiness);

        String port = config.getData().get("MICRONAUT_SERVER_PORT");
        assertThat(port).as("the ConfigMap's server port is compose's")
                .isEqualTo(compose.env(COMPOSE_APP).get("MICRONAUT_SERVER_PORT"));
        for (Probe probe : List.of(container.getStartupProbe(), container.getLivenessProbe(),
                container.getReadinessProbe())) {
            assertThat(containerPort(probe.getHttpGet().getPort())).as("a probe's port").isEqualTo(Integer.parseInt(port));
        }

        Map<String, String> annotations = deployment.getSpec().getTemplate().getMetadata().getAnnotations();
        assertThat(annotations).containsEntry("prometheus.io/scrape", "true")
                .containsEntry("prometheus.io/path", endpointPath(base, PrometheusEndpoint.class))
                .containsEntry("prometheus.io/port", port);
        assertThat(containerPort(service.getSpec().getPorts().get(0).getTargetPort())).as("the Service's target port")
                .isEqualTo(Integer.parseInt(port));
        assertThat(service.getSpec().getSelector()).as("the Service selects the pods")
                .isEqualTo(deployment.getSpec().getTemplate().getMetadata().getLabels());
    }

    @Test
    void theStartupProbeOutlastsTheSlowestMeasuredColdStartAndTheWarmup() throws IOException {
        Probe startup = container.getStartupProbe();
        long budget = (long) startup.getPeriodSeconds() * startup.getFailureThreshold();
        double slowest = 0;
        try (Stream<Path> reports = Files.list(RESULTS)) {
            for (Path report : reports.filter(file -> file.toString().endsWith(".json")).toList()) {
                Map<String, Object> tree = STRICT.readValue(report.toFile(), Map.class);
                for (Object strategy : Tree.list(Tree.row(tree, "5"), "strategies")) {
                    double ready = Tree.num(strategy, "cold.readySeconds");
                    slowest = Double.isNaN(ready) ? slowest : Math.max(slowest, ready);
                }
            }
        }
        assertThat(slowest).as("a measured cold start in load/results").isPositive();
        assertThat((double) budget).as("the startup probe's budget, s").isGreaterThan(slowest)
                .isGreaterThan(duration(applicationYml.value("cachegate.catalog.warmup.max-duration")).toSeconds());
    }

    @Test
    void theWholeShutdownFitsInTheGracePeriod() {
        Duration preStop = Duration.ofSeconds(container.getLifecycle().getPreStop().getSleep().getSeconds());
        Duration drain = duration(applicationYml.value("cachegate.shutdown.drain"));
        Duration inFlight = duration(applicationYml.value("cachegate.shutdown.in-flight-timeout"));
        Duration grace = Duration.ofSeconds(deployment.getSpec().getTemplate().getSpec()
                .getTerminationGracePeriodSeconds());

        assertThat(preStop).as("the preStop pause while endpoints are updated").isPositive();
        assertThat(preStop.plus(drain).plus(inFlight)).as("preStop + drain + in-flight-timeout").isLessThan(grace);
        assertThat(deployment.getSpec().getStrategy().getRollingUpdate().getMaxUnavailable().getIntVal())
                .as("a rollout starts a ready pod before it stops one").isZero();
    }

    @Test
    void theAutoscalerAndTheDisruptionBudgetAreTheCapacityPlans() {
        double headroom = plan.inputs().headroom();
        int target = (int) Math.round(100 * (1 - headroom));
        assertThat(hpa.getSpec().getMinReplicas()).as("minReplicas").isEqualTo(plan.autoscalerMin());
        assertThat(hpa.getSpec().getMaxReplicas()).as("maxReplicas").isEqualTo(plan.autoscalerMax());
        assertThat(hpa.getSpec().getMetrics()).hasSize(1);
        MetricSpec metric = hpa.getSpec().getMetrics().get(0);
        assertThat(metric.getResource().getName()).isEqualTo("cpu");
        assertThat(metric.getResource().getTarget().getType()).isEqualTo("Utilization");
        assertThat(metric.getResource().getTarget().getAverageUtilization()).as("the CPU target, 1 - headroom")
                .isEqualTo(target);
        assertThat(hpa.getSpec().getScaleTargetRef().getKind()).isEqualTo("Deployment");
        assertThat(hpa.getSpec().getScaleTargetRef().getApiVersion()).isEqualTo(deployment.getApiVersion());
        assertThat(hpa.getSpec().getScaleTargetRef().getName()).isEqualTo(deployment.getMetadata().getName());
        assertThat(deployment.getSpec().getReplicas()).as("the HPA owns the replica count").isNull();

        IntOrString minAvailable = pdb.getSpec().getMinAvailable();
        assertThat(minAvailable.getStrVal()).as("the PDB's minAvailable, 1 - headroom").isEqualTo(target + "%");
        Map<String, String> pods = deployment.getSpec().getSelector().getMatchLabels();
        assertThat(pods).isEqualTo(deployment.getSpec().getTemplate().getMetadata().getLabels());
        assertThat(pdb.getSpec().getSelector().getMatchLabels()).as("the PDB selects the pods").isEqualTo(pods);
        assertThat(deployment.getSpec().getTemplate().getSpec().getTopologySpreadConstraints())
                .as("the pods are spread over zones and nodes").hasSize(2)
                .allSatisfy(spread -> assertThat(spread.getLabelSelector().getMatchLabels()).isEqualTo(pods));
        double capacity = plan.capacityPerInstance();
        int atMin = available(plan.autoscalerMin(), target);
        int atMax = available(plan.autoscalerMax(), target);
        assertThat(atMin * capacity).as("the pods a disruption leaves at minReplicas carry the mean")
                .isGreaterThanOrEqualTo(plan.inputs().peak() / plan.inputs().peakToMean());
        assertThat(atMax * capacity).as("the pods a disruption leaves at maxReplicas carry the peak")
                .isGreaterThanOrEqualTo(plan.inputs().peak());
        assertThat(plan.autoscalerMin() - atMin).as("pods a node drain may take at minReplicas").isPositive();
    }

    @Test
    void theResourcesAreTheMeasuredInstances() throws IOException {
        Map<String, Object> report = capacityRequest.readReport();
        long measuredHeap = heapBytes(String.valueOf(Tree.at(report, "jvm.flags")));
        Matcher stackDefault = Pattern.compile("\\$\\{STACK_JAVA_OPTS:-([^}]*)}").matcher(Files.readString(STACK));
        assertThat(stackDefault.find()).as("scripts/stack's default JVM options").isTrue();
        assertThat(heapBytes(stackDefault.group(1))).as("scripts/stack's heap is the benchmark's").isEqualTo(measuredHeap);
        long heap = heapBytes(envValue("JAVA_TOOL_OPTIONS"));
        assertThat(heap).as("the pods' heap is the benchmark's").isEqualTo(measuredHeap);

        Map<String, Quantity> requests = container.getResources().getRequests();
        Map<String, Quantity> limits = container.getResources().getLimits();
        assertThat(limits.get("memory")).as("memory limit = request: no overcommit").isEqualTo(requests.get("memory"));
        assertThat(Quantity.getAmountInBytes(limits.get("memory")).longValue()).as("memory limit, bytes")
                .isGreaterThanOrEqualTo(2 * heap);
        assertThat(limits).as("no CPU limit").doesNotContainKey("cpu");
        double cores = Tree.num(report, "machine.cores");
        double instances = Tree.num(Tree.row(report, "5"), "instances");
        assertThat(Quantity.getAmountInBytes(requests.get("cpu")).doubleValue())
                .as("CPU request, at most the share of the benchmark's cores an instance had")
                .isPositive().isLessThanOrEqualTo(cores / instances);
    }

    @Test
    void thePoolsAreFixedAndTheReplicasStaysAboveTheListingsBulkhead() {
        Map<String, String> data = config.getData();
        for (String datasource : List.of("PRIMARY", "REPLICA")) {
            assertThat(data.get("DATASOURCES_" + datasource + "_MINIMUM_IDLE")).as("%s's pool is fixed", datasource)
                    .isEqualTo(data.get("DATASOURCES_" + datasource + "_MAXIMUM_POOL_SIZE"));
            assertThat(Integer.parseInt(data.get("DATASOURCES_" + datasource + "_MAXIMUM_POOL_SIZE")))
                    .as("%s's pool against the plan's requests in flight at peak", datasource)
                    .isGreaterThan((int) Math.ceil(plan.concurrencyPerInstance()));
        }
        assertThat(Integer.parseInt(data.get("CACHEGATE_CATALOG_LISTINGS_MAX_CONCURRENT")))
                .isLessThan(Integer.parseInt(data.get("DATASOURCES_REPLICA_MAXIMUM_POOL_SIZE")));
    }

    @Test
    void everyVariableSetsAKeyApplicationYmlDeclares() {
        Set<String> unmapped = new TreeSet<>();
        Stream.concat(environment().keySet().stream(), overlayConfig.getData().keySet().stream())
                .filter(variable -> !variable.equals("JAVA_TOOL_OPTIONS"))
                .filter(variable -> !applicationYml.isMapped(variable))
                .forEach(unmapped::add);
        assertThat(unmapped).as("variables that set no key application.yml declares").isEmpty();
        assertThat(config.getData()).as("the overlay's config patches keys of the base's")
                .containsKeys(overlayConfig.getData().keySet().toArray(String[]::new));
        assertThat(overlayConfig.getMetadata().getName()).isEqualTo(config.getMetadata().getName());
        assertThat(container.getEnvFrom()).hasSize(1);
        assertThat(container.getEnvFrom().get(0).getConfigMapRef().getName()).isEqualTo(config.getMetadata().getName());
    }

    @Test
    void theEnvironmentIsComposesWithItsSecretsFromTheSecretAndCoversWhatTheStackSets() throws IOException {
        Map<String, String> composeEnv = compose.env(COMPOSE_APP);
        Map<String, EnvVar> env = environment();

        Set<String> expected = new TreeSet<>(composeEnv.keySet());
        expected.addAll(KUBERNETES_ONLY.keySet());
        assertThat(env.keySet()).as("the Deployment's environment: compose's plus %s", KUBERNETES_ONLY)
                .containsExactlyInAnyOrderElementsOf(expected);
        assertThat(env.get("INSTANCE_ID").getValueFrom().getFieldRef().getFieldPath()).isEqualTo("metadata.name");

        Map<String, String> unlike = new TreeMap<>();
        composeEnv.forEach((name, value) -> {
            EnvVar variable = env.get(name);
            if (ComposeFile.needsAVariable(value)) {
                assertThat(variable.getValueFrom()).as("%s is a secret in compose: a secretKeyRef here", name)
                        .isNotNull();
                assertThat(variable.getValueFrom().getSecretKeyRef()).as("%s's secretKeyRef", name).isNotNull();
                assertThat(variable.getValueFrom().getSecretKeyRef().getKey()).isEqualTo(name);
            } else if (!name.equals("INSTANCE_ID")) {
                assertThat(variable.getValueFrom()).as("%s comes from the ConfigMap", name).isNull();
                if (!ComposeFile.resolve(value).equals(variable.getValue())) {
                    unlike.put(name, variable.getValue());
                }
            }
        });
        assertThat(unlike.keySet()).as("values unlike compose's (%s); the listed ones: %s", unlike, VALUES_UNLIKE_COMPOSE)
                .isEqualTo(new TreeSet<>(VALUES_UNLIKE_COMPOSE.keySet()));

        Set<String> stack = stackInstanceVariables();
        assertThat(stack).as("what scripts/stack sets for an instance").contains("INSTANCE_ID", "REDIS_URI",
                "CACHEGATE_ADMIN_TOKEN", "CACHEGATE_SESSION_USERS");
        stack.removeAll(STACK_ONLY.keySet());
        assertThat(env.keySet()).as("the Deployment sets what scripts/stack sets but %s", STACK_ONLY)
                .containsAll(stack);
    }

    @Test
    void noSecretValueIsCommittedAndTheSecretTheOverlayGeneratesHasExactlyTheReferencedKeys() throws IOException {
        for (Path manifest : manifests()) {
            assertThat(String.valueOf(((Map<?, ?>) ApplicationYml.readYaml(manifest)).get("kind")))
                    .as("%s", manifest).isNotEqualTo("Secret");
        }
        Set<String> names = new TreeSet<>();
        Set<String> keys = new TreeSet<>();
        for (EnvVar variable : container.getEnv()) {
            if (variable.getValueFrom() != null && variable.getValueFrom().getSecretKeyRef() != null) {
                names.add(variable.getValueFrom().getSecretKeyRef().getName());
                keys.add(variable.getValueFrom().getSecretKeyRef().getKey());
                assertThat(variable.getValueFrom().getSecretKeyRef().getOptional()).as("%s", variable.getName())
                        .isNotEqualTo(Boolean.TRUE);
            }
        }
        List<Object> generators = list(yamlMap(OVERLAY.resolve(KUSTOMIZATION)).get("secretGenerator"));
        assertThat(generators).hasSize(1);
        Map<?, ?> generator = (Map<?, ?>) generators.get(0);
        assertThat(names).as("the Secret the Deployment references").containsExactly(String.valueOf(generator.get("name")));
        assertThat(generator.containsKey("literals")).as("the generator reads files only, no literals").isFalse();
        List<Object> envs = list(generator.get("envs"));
        assertThat(envs).hasSize(1);
        String file = String.valueOf(envs.get(0));
        assertThat(Files.readAllLines(OVERLAY.resolve(".gitignore"))).as("git ignores %s", file).contains(file);

        Map<String, String> example = new LinkedHashMap<>();
        for (String line : Files.readAllLines(OVERLAY.resolve(file + ".example"))) {
            if (!line.isBlank() && !line.startsWith("#")) {
                String[] pair = line.split("=", 2);
                example.put(pair[0], pair.length > 1 ? pair[1] : "");
            }
        }
        assertThat(example.keySet()).as("%s.example's keys", file).containsExactlyInAnyOrderElementsOf(keys);
        assertThat(example.values()).as("%s.example holds no value", file).allMatch(String::isEmpty);
    }

    // --- reading the files ---

    private static ObjectMapper strictYaml() {
        ObjectMapper mapper = new ObjectMapper(new YAMLFactory());
        mapper.enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        // fabric8's models keep unknown fields in additionalProperties through an any-setter: refuse them instead.
        mapper.setAnnotationIntrospector(new JacksonAnnotationIntrospector() {
            @Override
            public Boolean hasAnySetter(Annotated annotated) {
                return Boolean.FALSE;
            }
        });
        return mapper;
    }

    private static <T> T read(Path manifest, Class<T> type) throws IOException {
        return STRICT.readValue(manifest.toFile(), type);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> yamlMap(Path file) {
        return (Map<String, Object>) ApplicationYml.readYaml(file);
    }

    private static List<Object> list(Object value) {
        return value == null ? List.of() : new ArrayList<>((List<?>) value);
    }

    /** Every manifest under deploy/k8s: the YAML files that are not kustomizations. */
    private static List<Path> manifests() throws IOException {
        try (Stream<Path> files = Files.walk(K8S)) {
            return files.filter(file -> file.toString().endsWith(".yaml"))
                    .filter(file -> !file.getFileName().toString().equals(KUSTOMIZATION))
                    .sorted().toList();
        }
    }

    private static String apiVersion(Class<?> kind) {
        String group = kind.getAnnotation(Group.class).value();
        String version = kind.getAnnotation(Version.class).value();
        return group.isEmpty() ? version : group + "/" + version;
    }

    /** The path Micronaut serves a management endpoint at: the base path and the endpoint's id, if enabled. */
    private static String endpointPath(String base, Class<?> endpointClass) {
        String id = endpointClass.getAnnotation(Endpoint.class).value();
        assertThat(applicationYml.settings()).as("endpoint %s is enabled and open to probes", id)
                .containsEntry("endpoints." + id + ".enabled", true)
                .containsEntry("endpoints." + id + ".sensitive", false);
        return (base.endsWith("/") ? base : base + "/") + id;
    }

    private static String probePath(Probe probe) {
        HTTPGetAction get = probe.getHttpGet();
        assertThat(get).as("an HTTP probe").isNotNull();
        return get.getPath();
    }

    /** The container port a probe's or Service's port names, by number or by name. */
    private static int containerPort(IntOrString port) {
        if (port.getIntVal() != null) {
            return port.getIntVal();
        }
        return container.getPorts().stream().filter(p -> port.getStrVal().equals(p.getName()))
                .map(ContainerPort::getContainerPort).findFirst()
                .orElseThrow(() -> new AssertionError("no container port named " + port.getStrVal()));
    }

    /** The pods' environment: the ConfigMap's entries as values, then the Deployment's own. */
    private static Map<String, EnvVar> environment() {
        Map<String, EnvVar> env = new LinkedHashMap<>();
        config.getData().forEach((name, value) -> env.put(name, new EnvVar(name, value, null)));
        for (EnvVar variable : container.getEnv()) {
            assertThat(env).as("%s is set once", variable.getName()).doesNotContainKey(variable.getName());
            env.put(variable.getName(), variable);
        }
        return env;
    }

    private static String envValue(String name) {
        EnvVar variable = environment().get(name);
        assertThat(variable).as(name).isNotNull();
        return variable.getValue();
    }

    private static long heapBytes(String jvmOptions) {
        Matcher heap = HEAP.matcher(jvmOptions);
        assertThat(heap.find()).as("-Xmx in '%s'", jvmOptions).isTrue();
        return Long.parseLong(heap.group(1)) << (heap.group(2).equals("g") ? 30 : 20);
    }

    /** Kubernetes rounds a percentage of minAvailable up. */
    private static int available(int replicas, int percent) {
        return (int) Math.ceil(replicas * percent / 100.0);
    }

    /**
     * The variables scripts/stack gives an instance: what start_app exports, the CACHEGATE_ settings it exports for
     * every instance, and the secrets it generates.
     */
    private static Set<String> stackInstanceVariables() throws IOException {
        String script = Files.readString(STACK);
        Set<String> names = new TreeSet<>();
        Matcher startApp = Pattern.compile("(?s)\\nstart_app\\(\\) \\{(.*?)\\n}").matcher(script);
        assertThat(startApp.find()).as("scripts/stack's start_app").isTrue();
        Pattern name = Pattern.compile("(?:^|\\s)([A-Z][A-Z0-9_]*)(?==|\\s|$)");
        for (String line : startApp.group(1).lines().map(String::strip).toList()) {
            if (line.startsWith("export ")) {
                name.matcher(line.substring("export ".length()).split(";")[0]).results()
                        .forEach(m -> names.add(m.group(1)));
            }
        }
        Pattern.compile("(?m)^export (CACHEGATE_[A-Z0-9_]+)=").matcher(script).results()
                .forEach(m -> names.add(m.group(1)));
        Matcher secrets = Pattern.compile("SECRET_NAMES=\"([^\"]*)\"").matcher(script);
        assertThat(secrets.find()).as("scripts/stack's SECRET_NAMES").isTrue();
        Arrays.stream(secrets.group(1).split("\\s+")).filter(secret -> secret.startsWith("CACHEGATE_"))
                .forEach(names::add);
        Pattern.compile("echo \"(CACHEGATE_[A-Z0-9_]+)=").matcher(script).results().forEach(m -> names.add(m.group(1)));
        return names;
    }
}
