package dev.cachegate.ops;

import dev.cachegate.web.RequestIds;
import io.micronaut.context.propagation.slf4j.MdcPropagationContext;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.annotation.Order;
import io.micronaut.core.order.Ordered;
import io.micronaut.core.propagation.MutablePropagatedContext;
import io.micronaut.http.HttpAttributes;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ResponseFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.web.router.RouteMatch;
import io.micronaut.web.router.UriRouteMatch;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;

/**
 * The per-request operational work, in one filter because every filter costs each request a pattern match and a
 * dispatch:
 * <ul>
 *   <li>every request gets an id (the client's, when sane), carried in the MDC of every thread that works on it and
 *       returned in the response, error responses included;</li>
 *   <li>every request is timed in {@code http.server.requests} ({@link RequestTimers});</li>
 *   <li>every served request but health checks and metric scrapes is recorded in {@link RecentRequests};</li>
 *   <li>while the instance drains ({@link Drain}), every response closes its connection;</li>
 *   <li>operational answers ({@code /health}, {@code /prometheus}, {@code /whoami}, {@code /stats}) describe one
 *       instance at one moment, so they are {@code no-store}: no cache, the CDN tier included, may keep them.</li>
 * </ul>
 */
@ServerFilter(ServerFilter.MATCH_ALL_PATTERN)
@Order(Ordered.HIGHEST_PRECEDENCE)
public final class OpsFilter {

    private static final String PAYMENTS = "/payments/";

    private final RecentRequests recentRequests;
    private final InstanceId instanceId;
    private final Clock clock;
    private final RequestTimers timers;
    private final Drain drain;

    OpsFilter(RecentRequests recentRequests, InstanceId instanceId, Clock clock, RequestTimers timers, Drain drain) {
        this.recentRequests = recentRequests;
        this.drain = drain;
        this.timers = timers;
        this.instanceId = instanceId;
        this.clock = clock;
    }

    @RequestFilter
    void assignId(HttpRequest<?> request, MutablePropagatedContext propagatedContext) {
        String id = RequestIds.sanitize(request.getHeaders().get(RequestIds.HEADER)).orElseGet(RequestIds::generate);
        RequestIds.start(request, id, System.nanoTime());
        propagatedContext.add(new MdcPropagationContext(Map.of(RequestIds.MDC_KEY, id)));
    }

    @ResponseFilter
    void finish(HttpRequest<?> request, MutableHttpResponse<?> response, @Nullable RouteMatch<?> route) {
        String path = request.getPath();
        if (isOps(path)) {
            response.getHeaders().set("Cache-Control", "no-store");
        }
        if (drain.draining()) {
            response.getHeaders().set(HttpHeaders.CONNECTION, "close");
        }
        if (counts(path)) {
            recentRequests.record(new RecentRequest(instanceId.value(), request.getMethodName(), shown(path),
                    response.code(), Instant.now(clock)));
        }
        RequestIds.Started started = RequestIds.started(request).orElse(null);
        if (started != null) {
            response.header(RequestIds.HEADER, started.id());
            timers.record(request.getMethodName(), response.code(), template(request, route),
                    response.getAttribute(HttpAttributes.EXCEPTION).orElse(null) instanceof Throwable t ? t : null,
                    System.nanoTime() - started.nanos());
        }
    }

    private static @Nullable String template(HttpRequest<?> request, @Nullable RouteMatch<?> route) {
        if (route instanceof UriRouteMatch<?, ?> uriRoute) {
            return uriRoute.getRouteInfo().getUriMatchTemplate().toPathString();
        }
        return request.getAttribute(HttpAttributes.URI_TEMPLATE).map(Object::toString).orElse(null);
    }

    /**
     * @param path a request's path (never its query, which {@code getPath} leaves out)
     * @return the path {@code /stats} shows: a payment's as {@code /payments/{id}}, since /stats is shared by every
     *         user and a payment id is one user's
     */
    static String shown(String path) {
        return path.startsWith(PAYMENTS) ? PAYMENTS + "{id}" : path;
    }

    static boolean counts(String path) {
        return !isMonitoring(path);
    }

    /**
     * @param path a request's path
     * @return whether it is a health check or a metrics scrape: the probes of load balancers and Prometheus, which
     *         are neither recorded nor rate-limited
     */
    public static boolean isMonitoring(String path) {
        return isHealth(path) || path.equals("/prometheus");
    }

    static boolean isOps(String path) {
        return isHealth(path) || path.equals("/prometheus") || path.equals("/whoami") || path.equals("/stats");
    }

    private static boolean isHealth(String path) {
        return path.equals("/health") || path.startsWith("/health/");
    }
}
