package dev.cachegate.cache;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/** The update patterns a {@link VersionedCache} can follow, named in configuration in kebab case. */
public enum Strategy {
    /** Reads populate on a miss; a write tombstones L2 and invalidates L1 everywhere. */
    CACHE_ASIDE,
    /** A write puts the new value into L2 and this instance's L1. */
    WRITE_THROUGH,
    /** Reads past an entry's XFetch point are served while one background reload runs per cluster. */
    REFRESH_AHEAD,
    /** No caching: every read loads. */
    NONE;

    /**
     * @param name e.g. {@code cache-aside}, in any case, with dashes or underscores
     * @return the strategy, or empty when the name is none of them
     */
    public static Optional<Strategy> named(CharSequence name) {
        String normalized = name == null ? "" : name.toString().trim().toUpperCase(Locale.ROOT).replace('-', '_');
        return Arrays.stream(values()).filter(strategy -> strategy.name().equals(normalized)).findFirst();
    }

    /** @return every strategy's configuration name, comma separated: {@code cache-aside, write-through, ...} */
    public static String names() {
        return Arrays.stream(values()).map(Strategy::configName).collect(Collectors.joining(", "));
    }

    /** @return the configuration name, e.g. {@code cache-aside} */
    public String configName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
