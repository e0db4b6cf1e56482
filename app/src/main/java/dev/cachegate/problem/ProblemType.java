package dev.cachegate.problem;

import io.micronaut.http.HttpStatus;

import java.net.URI;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * Every kind of error cachegate answers with, one {@code type} URI each (RFC 9457). The README's error catalogue
 * lists them; a client may switch on the URI, never on {@code title} or {@code detail}. A type's slug is its constant's
 * name in lower case with hyphens.
 */
public enum ProblemType {

    INVALID_PRODUCT_ID(HttpStatus.BAD_REQUEST, "Invalid product id"),
    PRODUCT_NOT_FOUND(HttpStatus.NOT_FOUND, "Product not found"),
    INVALID_CURSOR(HttpStatus.BAD_REQUEST, "Invalid cursor"),
    INVALID_PARAMETER(HttpStatus.BAD_REQUEST, "Invalid parameter"),
    INVALID_PRICE(HttpStatus.UNPROCESSABLE_ENTITY, "Invalid price"),
    PRECONDITION_FAILED(HttpStatus.PRECONDITION_FAILED, "Precondition failed"),
    IDEMPOTENCY_KEY_MISSING(HttpStatus.BAD_REQUEST, "Idempotency-Key missing"),
    INVALID_IDEMPOTENCY_KEY(HttpStatus.BAD_REQUEST, "Invalid Idempotency-Key"),
    IDEMPOTENCY_KEY_MISMATCH(HttpStatus.UNPROCESSABLE_ENTITY, "Idempotency-Key reused for a different request"),
    IDEMPOTENCY_KEY_IN_USE(HttpStatus.CONFLICT, "Request with this Idempotency-Key in progress"),
    INVALID_PAYMENT(HttpStatus.UNPROCESSABLE_ENTITY, "Invalid payment"),
    PAYMENT_NOT_FOUND(HttpStatus.NOT_FOUND, "Payment not found"),
    INVALID_LOGIN(HttpStatus.UNPROCESSABLE_ENTITY, "Invalid login"),
    INVALID_PROFILE(HttpStatus.UNPROCESSABLE_ENTITY, "Invalid profile"),
    BAD_REQUEST(HttpStatus.BAD_REQUEST, "Bad request"),
    UNAUTHORIZED(HttpStatus.UNAUTHORIZED, "Unauthorized"),
    FORBIDDEN(HttpStatus.FORBIDDEN, "Forbidden"),
    NOT_FOUND(HttpStatus.NOT_FOUND, "Not found"),
    METHOD_NOT_ALLOWED(HttpStatus.METHOD_NOT_ALLOWED, "Method not allowed"),
    NOT_ACCEPTABLE(HttpStatus.NOT_ACCEPTABLE, "Not acceptable"),
    PAYLOAD_TOO_LARGE(HttpStatus.REQUEST_ENTITY_TOO_LARGE, "Payload too large"),
    UNSUPPORTED_MEDIA_TYPE(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "Unsupported media type"),
    TOO_MANY_LOGINS(HttpStatus.TOO_MANY_REQUESTS, "Too many login attempts"),
    RATE_LIMITED(HttpStatus.TOO_MANY_REQUESTS, "Too many requests"),
    DEPENDENCY_UNAVAILABLE(HttpStatus.SERVICE_UNAVAILABLE, "A backing service is unavailable"),
    OVERLOADED(HttpStatus.SERVICE_UNAVAILABLE, "Overloaded"),
    PAYMENT_PROVIDER_UNAVAILABLE(HttpStatus.SERVICE_UNAVAILABLE, "Payment provider unavailable"),
    INTERNAL_ERROR(HttpStatus.INTERNAL_SERVER_ERROR, "Internal error");

    /** Prefix of every problem {@code type} URI. */
    public static final String BASE_URI = "https://cachegate.dev/problems/";

    private final String slug;
    private final HttpStatus status;
    private final String title;

    ProblemType(HttpStatus status, String title) {
        this.slug = name().toLowerCase(Locale.ROOT).replace('_', '-');
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
