package dev.cachegate.cache.internal;

import io.lettuce.core.cluster.api.sync.RedisClusterCommands;

/** What tests do to a cache's L2 entries from outside the application, named for what they want, not how. */
public final class L2Fixture {

    private L2Fixture() {
    }

    /**
     * Makes a key's L2 entry due for refresh-ahead: its recorded load time becomes so long (10⁹ ms) that XFetch
     * refreshes on the next read of it, whatever its remaining TTL.
     *
     * @param redis the cache role's Redis
     * @param cache the cache's name, e.g. {@code products}
     * @param key   the key
     */
    public static void makeDueForRefresh(RedisClusterCommands<String, String> redis, String cache, long key) {
        redis.hset(RedisL2.entryKey(cache, key), RedisL2.LOAD_MILLIS, "1.0E9");
    }
}
