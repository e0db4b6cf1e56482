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

import java.time.Clock;
import java.time.Instant;
import java.util.Map;

/**
 * The per-request operational work, in one filter because every filter costs each request a pattern match and a
 * dispatch:
 * <ul>
 *   <li>every request gets an id (the client's, when sane), carried in the MDC of every thread that works on it and
 *       returned in the response, error responses included;</li>
 *   <li>every served request but health checks and metric scrapes is recorded in {@link RecentRequests};</li>
 *   <li>operational answers ({@code /health}, {@code /prometheus}, {@code /whoami}, {@code /stats}) describe one
 *       instance at one moment, so they are {@code no-store}: no cache, the CDN tier included, may keep them.</li>
 * </ul>
 */
@ServerFilter(ServerFilter.MATCH_ALL_PATTERN)
@Order(Ordered.HIGHEST_PRECEDENCE)
final class OpsFilter {

    private final RecentRequests recentRequests;
    private final InstanceId instanceId;
    private final Clock clock;

    OpsFilter(RecentRequests recentRequests, InstanceId instanceId, Clock clock) {
        this.recentRequests = recentRequests;
        this.instanceId = instanceId;
        this.clock = clock;
    }

    @RequestFilter
    void assignId(HttpRequest<?> request, MutablePropagatedContext propagatedContext) {
        String id = RequestIds.sanitize(request.getHeaders().get(RequestIds.HEADER)).orElseGet(RequestIds::generate);
        request.setAttribute(RequestIds.ATTRIBUTE, id);
        propagatedContext.add(new MdcPropagationContext(Map.of(RequestIds.MDC_KEY, id)));
    }

    @ResponseFilter
    void finish(HttpRequest<?> request, MutableHttpResponse<?> response) {
        String path = request.getPath();
        if (isOps(path)) {
            response.getHeaders().set("Cache-Control", "no-store");
        }
        if (counts(path)) {
            recentRequests.record(new RecentRequest(instanceId.value(), request.getMethodName(), path,
                    response.code(), Instant.now(clock)));
        }
        RequestIds.of(request).ifPresent(id -> response.header(RequestIds.HEADER, id));
    }

    static boolean counts(String path) {
        return !(isHealth(path) || path.equals("/prometheus"));
    }

    static boolean isOps(String path) {
        return isHealth(path) || path.equals("/prometheus") || path.equals("/whoami") || path.equals("/stats");
    }

    private static boolean isHealth(String path) {
        return path.equals("/health") || path.startsWith("/health/");
    }
}
