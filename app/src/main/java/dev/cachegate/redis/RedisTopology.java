package dev.cachegate.redis;

import io.lettuce.core.RedisURI;

import java.util.Arrays;
import java.util.List;

/**
 * What a {@code cachegate.redis.*-uri} names: one server ({@code redis://h:p}, {@code rediss://…}, a Sentinel group
 * {@code redis-sentinel://h1:p1,h2:p2/0#primary}, which Lettuce follows through failovers), or a Redis Cluster, written
 * as its seed nodes in one URI: {@code redis://h1:p1,h2:p2,h3:p3} (any reachable seed is enough; credentials and
 * options after the last host apply to every node).
 */
public sealed interface RedisTopology {

    /** One server, or the primary of a Sentinel group. */
    record Single(RedisURI uri) implements RedisTopology {
    }

    /** A Redis Cluster, found through its seed nodes. */
    record Cluster(List<RedisURI> seeds) implements RedisTopology {
    }

    /**
     * @param key   the setting, for the error
     * @param value its value
     * @return what it names
     * @throws IllegalArgumentException naming the key and echoing the value (password masked) when it is not a Redis
     *                                  URI
     */
    static RedisTopology parse(String key, String value) {
        try {
            if (value == null || value.isBlank()) {
                throw new IllegalArgumentException("it is empty");
            }
            String scheme = value.contains("://") ? value.substring(0, value.indexOf("://")) : "";
            String rest = value.substring(scheme.length() + 3);
            int pathStart = firstOf(rest, '/', '?', '#');
            String authority = rest.substring(0, pathStart);
            if (!scheme.startsWith("redis-sentinel") && authority.contains(",")) {
                int at = authority.lastIndexOf('@');
                String credentials = at < 0 ? "" : authority.substring(0, at + 1);
                String suffix = rest.substring(pathStart);
                List<RedisURI> seeds = Arrays.stream(authority.substring(at + 1).split(","))
                        .map(host -> RedisURI.create(scheme + "://" + credentials + host.strip() + suffix)).toList();
                return new Cluster(seeds);
            }
            return new Single(RedisURI.create(value));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(key + " must be a Redis URI (redis://host:port, "
                    + "redis-sentinel://h1:p1,h2:p2/0#primary, or a Cluster's seeds redis://h1:p1,h2:p2,…), was '"
                    + (value == null ? null : StateRedisConfig.masked(value)) + "': " + e.getMessage(), e);
        }
    }

    private static int firstOf(String text, char... marks) {
        int first = text.length();
        for (char mark : marks) {
            int at = text.indexOf(mark);
            if (at >= 0 && at < first) {
                first = at;
            }
        }
        return first;
    }
}
