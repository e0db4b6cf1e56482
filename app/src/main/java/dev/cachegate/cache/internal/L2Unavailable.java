package dev.cachegate.cache.internal;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Redis did not answer an L2 call in time, failed it, or its circuit breaker is open. */
final class L2Unavailable extends RuntimeException {

    private static final Logger LOG = LoggerFactory.getLogger(TieredCache.class);

    L2Unavailable(String operation, Throwable cause) {
        super("L2 " + operation + " failed: " + (cause == null ? "circuit breaker open" : cause.toString()), cause,
                false, false);
    }

    /**
     * Logs that the cache goes on without L2 for this call, at WARN, under the cache's logger.
     *
     * @param cache the cache's name
     */
    void logDegraded(String cache) {
        LOG.warn("{}: L2 unavailable, serving from L1 and the database: {}", cache, getMessage());
    }
}
