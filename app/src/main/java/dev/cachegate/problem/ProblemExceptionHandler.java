package dev.cachegate.problem;

import io.micronaut.context.annotation.Requires;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers every {@link ApiException} with its problem. Client errors are logged at DEBUG; a 5xx is logged at WARN with
 * its cause, which the client never sees.
 */
@Produces(Problem.MEDIA_TYPE)
@Singleton
@Requires(classes = ApiException.class)
final class ProblemExceptionHandler implements ExceptionHandler<ApiException, HttpResponse<Problem>> {

    private static final Logger LOG = LoggerFactory.getLogger(ProblemExceptionHandler.class);

    @Override
    public HttpResponse<Problem> handle(HttpRequest request, ApiException exception) {
        if (exception.type().status().getCode() >= 500) {
            LOG.warn("{} {} answered {}: {}", request.getMethod(), request.getPath(), exception.type().slug(),
                    exception.getMessage(), exception.getCause());
        } else {
            LOG.debug("{} {} answered {}: {}", request.getMethod(), request.getPath(), exception.type().slug(),
                    exception.getMessage());
        }
        var response = Problems.response(exception.type(), exception.getMessage(), request);
        exception.headers().forEach(response.getHeaders()::set);
        return response;
    }
}
