package dev.cachegate.idempotency;

import dev.cachegate.problem.ApiException;
import dev.cachegate.problem.ProblemType;

import java.time.Duration;
import java.util.Map;

/**
 * The key is in use: by a different request (422, never retryable as is) or by the same request still being
 * processed (409 with {@code Retry-After}).
 */
public final class IdempotencyConflictException extends ApiException {

    private final Duration retryAfter;

    private IdempotencyConflictException(ProblemType type, String detail, Duration retryAfter) {
        super(type, detail);
        this.retryAfter = retryAfter;
    }

    static IdempotencyConflictException mismatch(IdempotencyKey key) {
        return new IdempotencyConflictException(ProblemType.IDEMPOTENCY_KEY_MISMATCH, "Idempotency-Key "
                + quote(key.value()) + " was already used for a different request; use a new key for a new request",
                null);
    }

    static IdempotencyConflictException inFlight(IdempotencyKey key, Duration retryAfter) {
        return new IdempotencyConflictException(ProblemType.IDEMPOTENCY_KEY_IN_USE, "a request with Idempotency-Key "
                + quote(key.value()) + " is still being processed; retry after " + seconds(retryAfter)
                + " s to get its result", retryAfter);
    }

    @Override
    public Map<String, String> headers() {
        return retryAfter == null ? Map.of() : Map.of("Retry-After", Long.toString(seconds(retryAfter)));
    }

    private static long seconds(Duration duration) {
        return Math.max(1, (duration.toMillis() + 999) / 1000);
    }
}
