package dev.cachegate.auth;

import dev.cachegate.problem.ApiException;
import dev.cachegate.problem.ProblemType;

import java.util.Map;

/** No principal could be established: 401. */
public final class UnauthenticatedException extends ApiException {

    /** @param detail what was missing or wrong, never echoing a credential */
    public UnauthenticatedException(String detail) {
        super(ProblemType.UNAUTHORIZED, detail);
    }

    @Override
    public Map<String, String> headers() {
        return Map.of("WWW-Authenticate", "Bearer realm=\"cachegate\"");
    }
}
