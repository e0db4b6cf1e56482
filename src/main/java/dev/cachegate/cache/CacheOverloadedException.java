package dev.cachegate.cache;

import dev.cachegate.problem.ApiException;
import dev.cachegate.problem.ProblemType;

import java.time.Duration;
import java.util.Map;

/** Every database-load slot stayed busy for the bulkhead's wait: 503 with {@code Retry-After}. */
public final class CacheOverloadedException extends ApiException {

    /**
     * @param cache the cache's name
     * @param key   the key whose load was refused
     * @param wait  how long the load waited for a slot
     */
    public CacheOverloadedException(String cache, long key, Duration wait) {
        super(ProblemType.OVERLOADED, "too many " + cache + " loads in progress: key " + key + " waited "
                + wait.toMillis() + " ms for a slot; retry shortly");
    }

    @Override
    public Map<String, String> headers() {
        return Map.of("Retry-After", "1");
    }
}
