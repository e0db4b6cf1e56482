package dev.cachegate.cache;

import dev.cachegate.problem.ApiException;
import dev.cachegate.problem.ProblemType;

import java.time.Duration;
import java.util.Map;

/**
 * Every database-load slot stayed busy for the bulkhead's wait, or the load a read joined did not finish in time:
 * 503 with {@code Retry-After}.
 */
public final class CacheOverloadedException extends ApiException {

    /**
     * @param cache the cache's name
     * @param key   the key whose load was refused
     * @param wait  how long the load waited for a slot
     */
    public CacheOverloadedException(String cache, long key, Duration wait) {
        this("too many " + cache + " loads in progress: key " + key + " waited " + wait.toMillis()
                + " ms for a slot; retry shortly");
    }

    private CacheOverloadedException(String detail) {
        super(ProblemType.OVERLOADED, detail);
    }

    /**
     * @param cache the cache's name
     * @param key   the key whose load was joined
     * @param bound how long the read waited for it
     * @return the refusal of a read whose joined load did not finish within {@code bound}
     */
    public static CacheOverloadedException flightTooSlow(String cache, long key, Duration bound) {
        return new CacheOverloadedException("the " + cache + " load of key " + key + " this read joined did not "
                + "finish within " + bound.toMillis() + " ms; retry shortly");
    }

    @Override
    public Map<String, String> headers() {
        return Map.of("Retry-After", "1");
    }
}
