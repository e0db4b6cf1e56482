package dev.cachegate.problem;

import io.micronaut.http.HttpStatus;

import java.net.URI;
import java.util.Arrays;
import java.util.Optional;

/**
 * Every kind of error cachegate answers with, one {@code type} URI each (RFC 9457). The README's error catalogue
 * lists them; a client may switch on the URI, never on {@code title} or {@code detail}.
 */
public enum ProblemType {

    INVALID_PRODUCT_ID("invalid-product-id", HttpStatus.BAD_REQUEST, "Invalid product id"),
    PRODUCT_NOT_FOUND("product-not-found", HttpStatus.NOT_FOUND, "Product not found"),
    INVALID_CURSOR("invalid-cursor", HttpStatus.BAD_REQUEST, "Invalid cursor"),
    INVALID_PARAMETER("invalid-parameter", HttpStatus.BAD_REQUEST, "Invalid parameter"),
    INVALID_PRICE("invalid-price", HttpStatus.UNPROCESSABLE_ENTITY, "Invalid price"),
    PRECONDITION_FAILED("precondition-failed", HttpStatus.PRECONDITION_FAILED, "Precondition failed"),
    IDEMPOTENCY_KEY_MISSING("idempotency-key-missing", HttpStatus.BAD_REQUEST, "Idempotency-Key missing"),
    INVALID_IDEMPOTENCY_KEY("invalid-idempotency-key", HttpStatus.BAD_REQUEST, "Invalid Idempotency-Key"),
    IDEMPOTENCY_KEY_MISMATCH("idempotency-key-mismatch", HttpStatus.UNPROCESSABLE_ENTITY,
            "Idempotency-Key reused for a different request"),
    IDEMPOTENCY_KEY_IN_USE("idempotency-key-in-use", HttpStatus.CONFLICT, "Request with this Idempotency-Key in progress"),
    INVALID_PAYMENT("invalid-payment", HttpStatus.UNPROCESSABLE_ENTITY, "Invalid payment"),
    PAYMENT_NOT_FOUND("payment-not-found", HttpStatus.NOT_FOUND, "Payment not found"),
    INVALID_LOGIN("invalid-login", HttpStatus.UNPROCESSABLE_ENTITY, "Invalid login"),
    INVALID_PROFILE("invalid-profile", HttpStatus.UNPROCESSABLE_ENTITY, "Invalid profile"),
    BAD_REQUEST("bad-request", HttpStatus.BAD_REQUEST, "Bad request"),
    UNAUTHORIZED("unauthorized", HttpStatus.UNAUTHORIZED, "Unauthorized"),
    FORBIDDEN("forbidden", HttpStatus.FORBIDDEN, "Forbidden"),
    NOT_FOUND("not-found", HttpStatus.NOT_FOUND, "Not found"),
    METHOD_NOT_ALLOWED("method-not-allowed", HttpStatus.METHOD_NOT_ALLOWED, "Method not allowed"),
    NOT_ACCEPTABLE("not-acceptable", HttpStatus.NOT_ACCEPTABLE, "Not acceptable"),
    PAYLOAD_TOO_LARGE("payload-too-large", HttpStatus.REQUEST_ENTITY_TOO_LARGE, "Payload too large"),
    UNSUPPORTED_MEDIA_TYPE("unsupported-media-type", HttpStatus.UNSUPPORTED_MEDIA_TYPE, "Unsupported media type"),
    TOO_MANY_LOGINS("too-many-logins", HttpStatus.TOO_MANY_REQUESTS, "Too many login attempts"),
    RATE_LIMITED("rate-limited", HttpStatus.TOO_MANY_REQUESTS, "Too many requests"),
    DEPENDENCY_UNAVAILABLE("dependency-unavailable", HttpStatus.SERVICE_UNAVAILABLE, "A backing service is unavailable"),
    OVERLOADED("overloaded", HttpStatus.SERVICE_UNAVAILABLE, "Overloaded"),
    PAYMENT_PROVIDER_UNAVAILABLE("payment-provider-unavailable", HttpStatus.SERVICE_UNAVAILABLE,
            "Payment provider unavailable"),
    INTERNAL_ERROR("internal-error", HttpStatus.INTERNAL_SERVER_ERROR, "Internal error");

    /** Prefix of every problem {@code type} URI. */
    public static final String BASE_URI = "https://cachegate.dev/problems/";

    private final String slug;
    private final HttpStatus status;
    private final String title;

    ProblemType(String slug, HttpStatus status, String title) {
        this.slug = slug;
        this.status = status;
        this.title = title;
    }

    /** @return the {@code type} URI */
    public URI uri() {
        return URI.create(BASE_URI + slug);
    }

    /** @return the last path segment of the {@code type} URI */
    public String slug() {
        return slug;
    }

    /** @return the HTTP status this problem is answered with */
    public HttpStatus status() {
        return status;
    }

    /** @return the short, fixed, human-readable summary */
    public String title() {
        return title;
    }

    /**
     * The generic type for an error the framework raised with only a status.
     *
     * @param status the response status
     * @return the matching generic type, empty for a status without one
     */
    public static Optional<ProblemType> forStatus(HttpStatus status) {
        return Arrays.stream(GENERIC).filter(type -> type.status == status).findFirst();
    }

    private static final ProblemType[] GENERIC = {BAD_REQUEST, UNAUTHORIZED, FORBIDDEN, NOT_FOUND, METHOD_NOT_ALLOWED,
            NOT_ACCEPTABLE, PAYLOAD_TOO_LARGE, UNSUPPORTED_MEDIA_TYPE, DEPENDENCY_UNAVAILABLE, INTERNAL_ERROR};
}
