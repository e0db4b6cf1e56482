package dev.cachegate.ratelimit;

import dev.cachegate.problem.ApiException;
import dev.cachegate.problem.ProblemType;

import java.util.HashMap;
import java.util.Map;

/** Past a rate limit: 429 {@code rate-limited} with how long to wait. */
final class RateLimitedException extends ApiException {

    private final Map<String, String> headers;

    RateLimitedException(String caller, long retryAfterSeconds, Map<String, String> rateLimitFields) {
        super(ProblemType.RATE_LIMITED, "too many requests from this " + caller + "; retry after " + retryAfterSeconds
                + " s");
        this.headers = new HashMap<>(rateLimitFields);
        headers.put("Retry-After", Long.toString(retryAfterSeconds));
    }

    @Override
    public Map<String, String> headers() {
        return headers;
    }
}
