package dev.cachegate.payments;

import dev.cachegate.problem.ApiException;
import dev.cachegate.problem.ProblemType;

import java.util.Map;

/** The provider failed the call or its circuit breaker is open; nothing was charged and nothing is stored: 503. */
public final class ProviderUnavailableException extends ApiException {

    /**
     * @param detail what happened
     * @param cause  the failure, or null
     */
    public ProviderUnavailableException(String detail, Throwable cause) {
        super(ProblemType.PAYMENT_PROVIDER_UNAVAILABLE, detail, cause);
    }

    @Override
    public Map<String, String> headers() {
        return Map.of("Retry-After", "1");
    }
}
