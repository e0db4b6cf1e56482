package dev.cachegate.testinfra;

import dev.cachegate.routing.Databases;
import org.yaml.snakeyaml.Yaml;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * {@code src/main/resources/application.yml} read as the deployment files see it: its keys flattened to
 * {@code a.b.c}, the environment variables its placeholders name, and which key an environment variable sets by
 * Micronaut's rule (lower-cased, each {@code _} a {@code .} or a {@code -}). Shared by the tests that keep
 * docker-compose.yml and deploy/k8s/ in step with it. Paths are relative to the project root, Maven's working
 * directory for tests.
 */
public final class ApplicationYml {

    /** Where the file is, from the project root. */
    public static final Path PATH = Path.of("app/src/main/resources/application.yml");

    /** A Micronaut placeholder naming an environment variable, like ${INSTANCE_ID:}. */
    private static final Pattern ENV_PLACEHOLDER = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*)(?::[^}]*)?}");
    private static final Pattern DATASOURCE_URL = Pattern.compile("(datasources\\.([a-z0-9-]+))\\.url");

    private final Map<String, Object> settings;
    private final Set<String> envPlaceholders;

    private ApplicationYml(Map<String, Object> settings) {
        this.settings = Collections.unmodifiableMap(settings);
        Set<String> placeholders = settings.values().stream()
                .filter(String.class::isInstance)
                .flatMap(value -> ENV_PLACEHOLDER.matcher((String) value).results().map(m -> m.group(1)))
                .collect(Collectors.toCollection(TreeSet::new));
        this.envPlaceholders = Collections.unmodifiableSet(placeholders);
    }

    /** @return the project's application.yml */
    public static ApplicationYml load() {
        Map<String, Object> flat = new TreeMap<>();
        flatten("", readYaml(PATH), flat);
        return new ApplicationYml(flat);
    }

    /**
     * @param path a YAML file
     * @return its one document as snakeyaml's maps, lists and scalars
     */
    public static Object readYaml(Path path) {
        try (Reader reader = Files.newBufferedReader(path)) {
            return new Yaml().load(reader);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * @param value a duration as application.yml and compose write it: {@code 5s}, {@code 1m}, {@code 250ms}
     * @return it
     */
    public static Duration duration(Object value) {
        String text = String.valueOf(value).strip().toLowerCase(Locale.ROOT);
        if (text.endsWith("ms")) {
            return Duration.ofMillis(Long.parseLong(text.substring(0, text.length() - 2)));
        }
        return Duration.parse("PT" + text.toUpperCase(Locale.ROOT));
    }

    /** @return every leaf key with its value, {@code a.b.c} → value; an empty map or list is a leaf */
    public Map<String, Object> settings() {
        return settings;
    }

    /**
     * @param key a leaf key
     * @return its value as written
     * @throws IllegalArgumentException when application.yml does not declare it
     */
    public Object value(String key) {
        if (!settings.containsKey(key)) {
            throw new IllegalArgumentException(PATH + " declares no " + key);
        }
        return settings.get(key);
    }

    /** @return the environment variables application.yml's placeholders name, like INSTANCE_ID */
    public Set<String> envPlaceholders() {
        return envPlaceholders;
    }

    /**
     * @param variable an environment variable
     * @return whether it sets something application.yml knows: a placeholder's variable, a declared key (or a prefix
     *         of one) or a key of a library application.yml configures ({@link #libraryKeyOf(String)})
     */
    public boolean isMapped(String variable) {
        return envPlaceholders.contains(variable) || keyOf(variable).isPresent() || libraryKeyOf(variable).isPresent();
    }

    /**
     * @param variable an environment variable
     * @return the declared key (or prefix of one) the variable sets
     */
    public Optional<String> keyOf(String variable) {
        return candidateKeys(variable).stream().filter(this::isDeclared).findFirst();
    }

    /**
     * Keys application.yml refers to without declaring them: redis.uri (the default of the cachegate.redis roles,
     * through ${redis.uri}) and datasources.NAME.url (micronaut-jdbc) of a declared datasource, or
     * of a further replica (datasources.replica2.url), which takes datasources.replica's other settings.
     *
     * @param variable an environment variable
     * @return the library's key the variable sets
     */
    public Optional<String> libraryKeyOf(String variable) {
        for (String key : candidateKeys(variable)) {
            if (key.equals("redis.uri") && isReferenced(key)) {
                return Optional.of(key);
            }
            Matcher datasource = DATASOURCE_URL.matcher(key);
            if (datasource.matches() && (isDeclared(datasource.group(1))
                    || Databases.isReplica(datasource.group(2)) && isDeclared("datasources." + Databases.REPLICA))) {
                return Optional.of(key);
            }
        }
        return Optional.empty();
    }

    private boolean isReferenced(String key) {
        return settings.values().stream().anyMatch(value -> value instanceof String text
                && text.contains("${" + key + "}"));
    }

    private boolean isDeclared(String key) {
        return settings.containsKey(key) || settings.keySet().stream().anyMatch(declared -> declared.startsWith(key + "."));
    }

    private static List<String> candidateKeys(String variable) {
        List<String> keys = new ArrayList<>(List.of(""));
        String[] parts = variable.toLowerCase(Locale.ROOT).split("_");
        for (int i = 0; i < parts.length; i++) {
            List<String> next = new ArrayList<>();
            for (String key : keys) {
                if (i == 0) {
                    next.add(parts[i]);
                } else {
                    next.add(key + "." + parts[i]);
                    next.add(key + "-" + parts[i]);
                }
            }
            keys = next;
        }
        return keys;
    }

    private static void flatten(String prefix, Object node, Map<String, Object> out) {
        if (node instanceof Map<?, ?> map && !map.isEmpty()) {
            map.forEach((key, value) -> flatten(prefix.isEmpty() ? String.valueOf(key) : prefix + "." + key, value, out));
        } else {
            out.put(prefix, node);
        }
    }
}
