package dev.cachegate.cache.internal;

/** Redis did not answer an L2 call in time, failed it, or its circuit breaker is open. */
final class L2Unavailable extends RuntimeException {

    L2Unavailable(String operation, Throwable cause) {
        super("L2 " + operation + " failed: " + (cause == null ? "circuit breaker open" : cause.toString()), cause,
                false, false);
    }
}
