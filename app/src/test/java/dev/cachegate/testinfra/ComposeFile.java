package dev.cachegate.testinfra;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code docker-compose.yml} read as written, before compose interpolates it: its services and their environments,
 * and the value compose gives a variable-bearing string when none of its variables is set. Shared by the tests that
 * keep the deployment files in step.
 */
public final class ComposeFile {

    /** Where the file is, from the project root. */
    public static final Path PATH = Path.of("docker-compose.yml");

    /** Compose's ${NAME}, ${NAME:-default}, ${NAME-default} and ${NAME:?error}, and its $$ escape. */
    private static final Pattern VARIABLE =
            Pattern.compile("\\$\\$|\\$\\{([A-Za-z_][A-Za-z0-9_]*)(?::?-([^}]*)|:?\\?([^}]*))?}");

    private final Map<String, Object> root;
    private final Map<String, Map<String, Object>> services;

    @SuppressWarnings("unchecked")
    private ComposeFile(Map<String, Object> root) {
        this.root = root;
        this.services = (Map<String, Map<String, Object>>) root.get("services");
    }

    /** @return the project's docker-compose.yml */
    public static ComposeFile load() {
        return load(PATH);
    }

    /**
     * @param path a compose file, e.g. an overlay of the project's
     * @return it
     */
    @SuppressWarnings("unchecked")
    public static ComposeFile load(Path path) {
        return new ComposeFile((Map<String, Object>) ApplicationYml.readYaml(path));
    }

    /** @return the whole file */
    public Map<String, Object> root() {
        return root;
    }

    /** @return the services by name */
    public Map<String, Map<String, Object>> services() {
        return services;
    }

    /**
     * @param service a service's name
     * @return its environment, as written (before compose interpolates it)
     */
    public Map<String, String> env(String service) {
        Object environment = services.get(service).get("environment");
        Map<String, String> env = new LinkedHashMap<>();
        if (environment instanceof Map<?, ?> map) {
            map.forEach((key, value) -> env.put(String.valueOf(key), value == null ? null : String.valueOf(value)));
        } else if (environment instanceof List<?> list) {
            for (Object entry : list) {
                String[] pair = String.valueOf(entry).split("=", 2);
                env.put(pair[0], pair.length > 1 ? pair[1] : null);
            }
        }
        return env;
    }

    /**
     * @param value a value as written
     * @return whether compose takes it from a variable with no default ({@code ${NAME}} or {@code ${NAME:?error}}):
     *         how this file marks what the user must supply, its secrets
     */
    public static boolean needsAVariable(String value) {
        Matcher variable = VARIABLE.matcher(value);
        while (variable.find()) {
            if (!variable.group().equals("$$") && variable.group(2) == null) {
                return true;
            }
        }
        return false;
    }

    /**
     * @param value a value as written
     * @return the value compose gives when none of the variables it names is set: defaults applied, $$ undone
     */
    public static String resolve(String value) {
        Matcher variable = VARIABLE.matcher(value);
        StringBuilder resolved = new StringBuilder();
        while (variable.find()) {
            String replacement = variable.group().equals("$$") ? "$"
                    : variable.group(2) == null ? "" : variable.group(2);
            variable.appendReplacement(resolved, Matcher.quoteReplacement(replacement));
        }
        variable.appendTail(resolved);
        return resolved.toString();
    }

    /**
     * @param value a value as written
     * @return it with compose's $$ escape undone
     */
    public static String unescape(String value) {
        return value.replace("$$", "$");
    }
}
