package dev.cachegate.resilience;

import io.lettuce.core.RedisException;

import java.util.concurrent.TimeoutException;

/** What a store breaker counts: a failure of the store, found anywhere in an exception's chain of causes. */
final class StoreFailures {

    private static final int MAX_DEPTH = 16;

    private StoreFailures() {
    }

    /**
     * @param error what a call threw
     * @return whether it, or one of its causes, is a failure of the store rather than of the caller
     */
    static boolean isStoreFailure(Throwable error) {
        Throwable current = error;
        for (int depth = 0; current != null && depth < MAX_DEPTH; depth++) {
            if (current instanceof RedisException || current instanceof TimeoutException) {
                return true;
            }
            current = current.getCause() == current ? null : current.getCause();
        }
        return false;
    }
}
