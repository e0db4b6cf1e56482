package dev.cachegate.problem;

import dev.cachegate.web.RequestIds;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MutableHttpResponse;

/** Builds problem responses; the one place a {@link ProblemType} becomes an HTTP response. */
public final class Problems {

    private Problems() {
    }

    /**
     * @param type    the problem type
     * @param detail  the client-facing detail, or null
     * @param request the request being answered, or null
     * @return the response, {@code application/problem+json}, uncacheable
     */
    public static MutableHttpResponse<Problem> response(ProblemType type, String detail, HttpRequest<?> request) {
        return HttpResponse.<Problem>status(type.status())
                .contentType(Problem.MEDIA_TYPE)
                .header("Cache-Control", "no-store")
                .body(body(type, detail, request));
    }

    /**
     * @param type    the problem type
     * @param detail  the client-facing detail, or null
     * @param request the request being answered, or null
     * @return the body
     */
    public static Problem body(ProblemType type, String detail, HttpRequest<?> request) {
        return problem(type.uri().toString(), type.title(), type.status().getCode(), detail, request);
    }

    /**
     * A problem for a status no {@link ProblemType} covers: {@code about:blank}, titled with the reason phrase.
     *
     * @param status  the response status
     * @param detail  the client-facing detail, or null
     * @param request the request being answered, or null
     * @return the body
     */
    public static Problem untyped(HttpStatus status, String detail, HttpRequest<?> request) {
        return problem("about:blank", status.getReason(), status.getCode(), detail, request);
    }

    private static Problem problem(String type, String title, int status, String detail, HttpRequest<?> request) {
        return new Problem(type, title, status, detail,
                request == null ? null : request.getPath(),
                request == null ? null : RequestIds.of(request).orElse(null));
    }
}
