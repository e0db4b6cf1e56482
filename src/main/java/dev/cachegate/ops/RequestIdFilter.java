package dev.cachegate.ops;

import io.micronaut.context.propagation.slf4j.MdcPropagationContext;
import io.micronaut.core.annotation.Order;
import io.micronaut.core.order.Ordered;
import io.micronaut.core.propagation.MutablePropagatedContext;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ResponseFilter;
import io.micronaut.http.annotation.ServerFilter;

import java.util.Map;

/**
 * Gives every request an id (the client's, when sane), puts it in the MDC of every thread that works on the request,
 * and returns it in the response, error responses included.
 */
@ServerFilter(ServerFilter.MATCH_ALL_PATTERN)
@Order(Ordered.HIGHEST_PRECEDENCE)
final class RequestIdFilter {

    @RequestFilter
    void assign(HttpRequest<?> request, MutablePropagatedContext propagatedContext) {
        String id = RequestIds.sanitize(request.getHeaders().get(RequestIds.HEADER)).orElseGet(RequestIds::generate);
        request.setAttribute(RequestIds.ATTRIBUTE, id);
        propagatedContext.add(new MdcPropagationContext(Map.of(RequestIds.MDC_KEY, id)));
    }

    @ResponseFilter
    void echo(HttpRequest<?> request, MutableHttpResponse<?> response) {
        RequestIds.of(request).ifPresent(id -> response.header(RequestIds.HEADER, id));
    }
}
