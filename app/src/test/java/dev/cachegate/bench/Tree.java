package dev.cachegate.bench;

import java.util.List;
import java.util.Map;

/** Reads a report as JSON leaves it (maps, lists, numbers): {@code num(report, "rows.0.ratio.median")}. */
public final class Tree {

    private Tree() {
    }

    /**
     * @param node a map or list
     * @param path dot-separated keys and list indexes; empty for the node itself
     * @return what is there, or null
     */
    public static Object at(Object node, String path) {
        if (path.isEmpty()) {
            return node;
        }
        Object current = node;
        for (String part : path.split("\\.")) {
            if (current instanceof Map<?, ?> map) {
                current = map.get(part);
            } else if (current instanceof List<?> list && part.matches("[0-9]+")
                    && Integer.parseInt(part) < list.size()) {
                current = list.get(Integer.parseInt(part));
            } else {
                return null;
            }
        }
        return current;
    }

    /**
     * @param node a map or list
     * @param path as {@link #at(Object, String)}
     * @return the number there, or NaN
     */
    public static double num(Object node, String path) {
        return at(node, path) instanceof Number number ? number.doubleValue() : Double.NaN;
    }

    /**
     * @param node a map or list
     * @param path as {@link #at(Object, String)}
     * @return the map there, or an empty one
     */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> map(Object node, String path) {
        return at(node, path) instanceof Map<?, ?> map ? (Map<String, Object>) map : Map.of();
    }

    /**
     * @param node a map or list
     * @param path as {@link #at(Object, String)}
     * @return the list there, or an empty one
     */
    @SuppressWarnings("unchecked")
    public static List<Object> list(Object node, String path) {
        return at(node, path) instanceof List<?> list ? (List<Object>) list : List.of();
    }

    /**
     * @param report a benchmark report
     * @param id     a row's id, like {@code "5"}
     * @return the row, or an empty map
     */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> row(Map<String, Object> report, String id) {
        for (Object row : list(report, "rows")) {
            if (row instanceof Map<?, ?> map && id.equals(String.valueOf(map.get("row")))) {
                return (Map<String, Object>) map;
            }
        }
        return Map.of();
    }
}
