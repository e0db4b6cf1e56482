package dev.cachegate.payments;

import dev.cachegate.auth.Principal;
import dev.cachegate.auth.Principals;
import dev.cachegate.idempotency.Idempotency;
import dev.cachegate.idempotency.IdempotencyKey;
import dev.cachegate.idempotency.IdempotentResult;
import dev.cachegate.problem.ApiException;
import dev.cachegate.problem.Problem;
import dev.cachegate.routing.CausalTokens;
import dev.cachegate.routing.Lsn;
import dev.cachegate.routing.ReadRouter;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.type.Argument;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Header;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.json.JsonMapper;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/** {@code POST /payments} with {@code Idempotency-Key}, and {@code GET /payments/{id}} for the owner. */
@Controller(PaymentService.PATH)
@ExecuteOn(TaskExecutors.BLOCKING)
@Tag(name = "payments")
final class PaymentController {

    private final PaymentService payments;
    private final Principals principals;
    private final Idempotency idempotency;
    private final PaymentsConfig config;
    private final JsonMapper json;
    private final CausalTokens causalTokens;

    PaymentController(PaymentService payments, Principals principals, Idempotency idempotency, PaymentsConfig config,
                      JsonMapper json, CausalTokens causalTokens) {
        this.payments = payments;
        this.principals = principals;
        this.idempotency = idempotency;
        this.config = config;
        this.json = json;
        this.causalTokens = causalTokens;
    }

    @Post(consumes = MediaType.APPLICATION_JSON, produces = MediaType.APPLICATION_JSON)
    @Operation(summary = "Create a payment, exactly once per Idempotency-Key however often it is retried")
    @ApiResponse(responseCode = "201", description = "Executed now, or replayed (Idempotent-Replayed: true); status "
            + "pending while the provider's outcome is unknown, until recovery settles it")
    @ApiResponse(responseCode = "409", description = "The same request is still in progress; retry after Retry-After",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @ApiResponse(responseCode = "422", description = "Invalid values, or the key was used for another request",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @ApiResponse(responseCode = "503", description = "The provider definitely charged nothing (payment-provider-"
            + "unavailable), or PostgreSQL is unreachable; retry later. An unknown provider outcome is "
            + "a 201 with status pending instead",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    HttpResponse<String> create(HttpRequest<?> request, @Body @Nullable String body,
                                @Header(IdempotencyKey.HEADER) @Nullable String idempotencyKey) {
        Principal principal = principals.require(request);
        IdempotencyKey key;
        PaymentRequest payment;
        try {
            key = IdempotencyKey.parse(idempotencyKey);
            payment = PaymentRequest.from(parse(body), config.maxAmountCents());
        } catch (ApiException rejected) {
            idempotency.rejected();
            throw rejected;
        }
        IdempotentResult result = payments.pay(principal, key, payment);
        MutableHttpResponse<String> response = HttpResponse.<String>status(HttpStatus.valueOf(result.response().status()))
                .body(result.response().body());
        result.response().headers().forEach(response::header);
        response.header("Cache-Control", "no-store");
        Lsn token = Lsn.parseOrNull(result.response().headers().get(ReadRouter.TOKEN_HEADER));
        if (token != null) {
            causalTokens.record(request, token);
        }
        return result.replayed() ? response.header("Idempotent-Replayed", "true") : response;
    }

    @Get("/{id}")
    @Operation(summary = "A payment, for its owner only (404 for anyone else)")
    Payment get(HttpRequest<?> request, @PathVariable String id,
                @Header(ReadRouter.TOKEN_HEADER) @Nullable String token) {
        Principal principal = principals.require(request);
        return payments.find(id, principal, Lsn.max(causalTokens.find(request), Lsn.parseOrNull(token)));
    }

    private Object parse(@Nullable String body) {
        if (body == null || body.isBlank()) {
            throw InvalidPaymentException.unreadable("the body is empty; a payment needs a JSON object");
        }
        int bytes = body.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > config.maxBodyBytes()) {
            throw InvalidPaymentException.tooLarge(bytes, config.maxBodyBytes());
        }
        try {
            return json.readValue(body, Argument.OBJECT_ARGUMENT);
        } catch (IOException | RuntimeException e) {
            throw InvalidPaymentException.unreadable("the body is not valid JSON");
        }
    }
}
