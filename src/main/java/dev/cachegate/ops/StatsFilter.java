package dev.cachegate.ops;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.ResponseFilter;
import io.micronaut.http.annotation.ServerFilter;

import java.time.Clock;
import java.time.Instant;

/** Records every served request in {@link RecentRequests}, except health checks and metric scrapes. */
@ServerFilter(ServerFilter.MATCH_ALL_PATTERN)
final class StatsFilter {

    private final RecentRequests recentRequests;
    private final InstanceId instanceId;
    private final Clock clock;

    StatsFilter(RecentRequests recentRequests, InstanceId instanceId, Clock clock) {
        this.recentRequests = recentRequests;
        this.instanceId = instanceId;
        this.clock = clock;
    }

    @ResponseFilter
    void record(HttpRequest<?> request, MutableHttpResponse<?> response) {
        String path = request.getPath();
        if (counts(path)) {
            recentRequests.record(new RecentRequest(instanceId.value(), request.getMethodName(), path,
                    response.code(), Instant.now(clock)));
        }
    }

    static boolean counts(String path) {
        return !(path.equals("/health") || path.startsWith("/health/") || path.equals("/prometheus"));
    }
}
