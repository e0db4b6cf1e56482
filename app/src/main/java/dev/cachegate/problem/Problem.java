package dev.cachegate.problem;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

/**
 * An RFC 9457 problem details body, answered as {@code application/problem+json}.
 *
 * @param type      the problem type URI, one of {@link ProblemType}
 * @param title     the fixed summary of the type
 * @param status    the HTTP status
 * @param detail    what went wrong with this request; never a stack trace or an internal message on a 5xx
 * @param instance  the request path
 * @param requestId the request's {@code X-Request-Id}, to find its log lines
 */
@Serdeable
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(String type, String title, int status, @Nullable String detail, @Nullable String instance,
                      @Nullable String requestId) {

    /** The media type of a problem body. */
    public static final String MEDIA_TYPE = "application/problem+json";
}
