package dev.cachegate.problem;

import io.micronaut.http.HttpStatus;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.server.exceptions.response.Error;
import io.micronaut.http.server.exceptions.response.ErrorContext;
import io.micronaut.http.server.exceptions.response.ErrorResponseProcessor;
import jakarta.inject.Singleton;

import java.util.stream.Collectors;

/**
 * Turns the errors the framework raises itself (no route, wrong method, unreadable body, unconvertible argument, any
 * unhandled exception) into problems. A 4xx keeps the framework's message as {@code detail}; a 5xx never carries a
 * message, because it may hold internals.
 */
@Singleton
final class ProblemErrorResponseProcessor implements ErrorResponseProcessor<Problem> {

    @Override
    public MutableHttpResponse<Problem> processResponse(ErrorContext context, MutableHttpResponse<?> baseResponse) {
        HttpStatus status = baseResponse.status();
        String detail = status.getCode() >= 500 ? null : context.getErrors().stream()
                .map(Error::getMessage)
                .collect(Collectors.collectingAndThen(Collectors.joining("; "), s -> s.isEmpty() ? null : s));
        Problem body = ProblemType.forStatus(status)
                .map(type -> Problems.body(type, detail, context.getRequest()))
                .orElseGet(() -> Problems.untyped(status, detail, context.getRequest()));
        return baseResponse.contentType(Problem.MEDIA_TYPE)
                .header("Cache-Control", "no-store")
                .body(body);
    }
}
