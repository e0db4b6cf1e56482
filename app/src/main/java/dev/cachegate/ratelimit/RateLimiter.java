package dev.cachegate.ratelimit;

import java.util.concurrent.CompletableFuture;

/** Takes one request's token from a caller's bucket. */
public interface RateLimiter {

    /**
     * @param key   the caller's bucket, e.g. {@code address:203.0.113.7}
     * @param quota its bucket's size: requests per the configured period
     * @return whether the request may pass, completed without blocking the caller's thread
     */
    CompletableFuture<Decision> acquire(String key, long quota);

    /** What a bucket said. */
    sealed interface Decision {

        /**
         * @param remaining    tokens left in the bucket
         * @param resetSeconds seconds until the bucket is full again
         */
        record Allowed(long remaining, long resetSeconds) implements Decision {
        }

        /** @param retryAfterSeconds seconds until the bucket has a token again (at least 1) */
        record Refused(long retryAfterSeconds) implements Decision {
        }
    }
}
