package dev.cachegate.catalog;

import dev.cachegate.problem.ApiException;
import dev.cachegate.problem.ProblemType;

import java.time.Duration;
import java.util.Map;

/** Every slot of the listings bulkhead stayed busy for its wait: 503 {@code overloaded} with {@code Retry-After}. */
public final class ListingsOverloadedException extends ApiException {

    /**
     * @param maxConcurrent the bulkhead's slots
     * @param wait          how long the page read waited for one
     */
    public ListingsOverloadedException(int maxConcurrent, Duration wait) {
        super(ProblemType.OVERLOADED, "all " + maxConcurrent + " product-listing slots stayed busy for "
                + wait.toMillis() + " ms; retry shortly");
    }

    @Override
    public Map<String, String> headers() {
        return Map.of("Retry-After", "1");
    }
}
