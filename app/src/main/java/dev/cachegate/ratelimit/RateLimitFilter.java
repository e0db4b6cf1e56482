package dev.cachegate.ratelimit;

import dev.cachegate.auth.ClientAddresses;
import dev.cachegate.auth.Principal;
import dev.cachegate.auth.Principals;
import dev.cachegate.ops.OpsFilter;
import io.micronaut.context.annotation.Requires;
import io.micronaut.core.annotation.Order;
import io.micronaut.core.order.Ordered;
import io.micronaut.core.propagation.PropagatedContext;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ResponseFilter;
import io.micronaut.http.annotation.ServerFilter;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * The gateway's rate limit: every request but health checks and metric scrapes takes a token from its caller's
 * bucket, an API key's ({@code principal-requests} per period) when it presents one, else its client address's
 * ({@code address-requests}; {@link ClientAddresses}). A session counts against its address: telling its user would
 * cost a Redis read before the limit, the very cost the limit guards. Past the limit the answer is 429
 * {@code rate-limited} with {@code Retry-After}.
 *
 * <p>Every answer carries the bucket in the IETF fields (draft-ietf-httpapi-ratelimit-headers-09):
 * {@code RateLimit-Policy: "address";q=200;w=1} and {@code RateLimit: "address";r=<left>;t=<seconds to full>}.
 */
@ServerFilter(ServerFilter.MATCH_ALL_PATTERN)
@Order(Ordered.HIGHEST_PRECEDENCE + 1)
@Requires(property = "cachegate.rate-limit.enabled", notEquals = "false")
final class RateLimitFilter {

    private static final String ATTRIBUTE = RateLimitFilter.class.getName();

    private final RateLimiter limiter;
    private final Principals principals;
    private final ClientAddresses clients;
    private final RateLimitConfig config;
    private final String addressPolicy;
    private final String principalPolicy;

    RateLimitFilter(RateLimiter limiter, Principals principals, ClientAddresses clients, RateLimitConfig config) {
        this.limiter = limiter;
        this.principals = principals;
        this.clients = clients;
        this.config = config;
        long window = Math.max(1, config.period().toSeconds());
        this.addressPolicy = "\"address\";q=" + config.addressRequests() + ";w=" + window;
        this.principalPolicy = "\"principal\";q=" + config.principalRequests() + ";w=" + window;
    }

    @RequestFilter
    CompletableFuture<HttpRequest<?>> limit(HttpRequest<?> request) {
        if (OpsFilter.isMonitoring(request.getPath())) {
            return CompletableFuture.completedFuture(request);
        }
        Optional<Principal> principal = principals.byApiKey(request);
        boolean byPrincipal = principal.isPresent();
        String key = byPrincipal ? "rate-limit:principal:" + principal.get().id()
                : "rate-limit:address:" + clients.of(request);
        String policy = byPrincipal ? principalPolicy : addressPolicy;
        long quota = byPrincipal ? config.principalRequests() : config.addressRequests();
        CompletableFuture<RateLimiter.Decision> decided = limiter.acquire(key, quota);
        if (!decided.isDone()) {
            PropagatedContext context = PropagatedContext.getOrEmpty();
            decided = decided.thenApplyAsync(decision -> decision, task -> context.wrap(task).run());
        }
        return decided.thenApply(decision -> switch (decision) {
            case RateLimiter.Decision.Allowed allowed -> {
                request.setAttribute(ATTRIBUTE, new Shown(policy, allowed.remaining(), allowed.resetSeconds()));
                yield request;
            }
            case RateLimiter.Decision.Refused refused -> {
                throw new RateLimitedException(byPrincipal ? "API key" : "address", refused.retryAfterSeconds(),
                        new Shown(policy, 0, refused.retryAfterSeconds()).fields());
            }
        });
    }

    @ResponseFilter
    void describe(HttpRequest<?> request, MutableHttpResponse<?> response) {
        if (request.getAttribute(ATTRIBUTE).orElse(null) instanceof Shown shown) {
            shown.fields().forEach(response::header);
        }
    }

    private record Shown(String policy, long remaining, long resetSeconds) {
        Map<String, String> fields() {
            return Map.of("RateLimit-Policy", policy,
                    "RateLimit", policy.substring(0, policy.indexOf(';')) + ";r=" + remaining + ";t=" + resetSeconds);
        }
    }
}
