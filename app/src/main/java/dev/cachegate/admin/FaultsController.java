package dev.cachegate.admin;

import dev.cachegate.auth.AdminToken;
import dev.cachegate.cache.InvalidationFaults;
import dev.cachegate.problem.ApiException;
import dev.cachegate.problem.ProblemType;
import io.micronaut.context.annotation.Requires;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Put;
import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

import java.util.Map;

/**
 * Fault injection on this instance, for the benchmark's fault runs and drills: drop a share of received
 * invalidations, or ignore every invalidation for a while. Exists only where {@code cachegate.faults.enabled} is true
 * (404 elsewhere) and takes the admin token.
 */
@Controller("/admin/faults")
@Requires(property = "cachegate.faults.enabled", value = "true")
@Tag(name = "admin")
record FaultsController(InvalidationFaults faults, AdminToken adminToken) {

    /**
     * @param invalidationDropRate share (0–1) of received pub/sub invalidations to drop; absent leaves it
     * @param pauseSeconds         ignore every invalidation for this long from now; 0 ends a pause; absent leaves it
     */
    @Serdeable
    record FaultChange(@Nullable Double invalidationDropRate, @Nullable Double pauseSeconds) {
    }

    @Put
    @Operation(summary = "Inject invalidation faults on this instance (cachegate.faults.enabled only)")
    HttpResponse<Map<String, Object>> set(HttpRequest<?> request, @Body FaultChange change) {
        adminToken.authorize(request);
        try {
            faults.set(change.invalidationDropRate(), change.pauseSeconds());
        } catch (IllegalArgumentException e) {
            throw new InvalidFault(e.getMessage());
        }
        return HttpResponse.ok(faults.view()).header("Cache-Control", "no-store");
    }

    @Get
    @Operation(summary = "The invalidation faults in force on this instance")
    HttpResponse<Map<String, Object>> get(HttpRequest<?> request) {
        adminToken.authorize(request);
        return HttpResponse.ok(faults.view()).header("Cache-Control", "no-store");
    }

    /** A fault value out of range: 400, echoing it. */
    static final class InvalidFault extends ApiException {
        InvalidFault(String detail) {
            super(ProblemType.INVALID_PARAMETER, detail);
        }
    }
}
