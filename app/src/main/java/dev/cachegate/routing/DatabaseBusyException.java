package dev.cachegate.routing;

import dev.cachegate.problem.ApiException;
import dev.cachegate.problem.ProblemType;

import java.util.Map;

/** A database is up but did not get the work done within its bounds: 503 {@code overloaded} with {@code Retry-After}. */
public final class DatabaseBusyException extends ApiException {

    /**
     * @param role  the datasource's name: {@link Databases#PRIMARY} or a replica's
     * @param cause what the server or the pool said
     */
    public DatabaseBusyException(String role, Throwable cause) {
        super(ProblemType.OVERLOADED, "postgres-" + role + " is busy; retry shortly", cause);
    }

    @Override
    public Map<String, String> headers() {
        return Map.of("Retry-After", "1");
    }
}
