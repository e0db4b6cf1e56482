package dev.cachegate.ops;

import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RequestTimersTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final RequestTimers timers = new RequestTimers(registry, new HttpMetricsConfig(List.of(0.01, 0.05)));

    @Test
    void recordsTheBindersNameAndTagsWithTheConfiguredBuckets() {
        timers.record("GET", 200, "/products/{id}", null, 2_000_000);
        timers.record("GET", 200, "/products/{id}", null, 60_000_000);

        Timer timer = registry.get("http.server.requests")
                .tags("method", "GET", "status", "200", "uri", "/products/{id}", "exception", "none").timer();
        assertThat(timer.count()).isEqualTo(2);
        assertThat(timer.takeSnapshot().histogramCounts()).extracting(c -> c.bucket(), c -> c.count())
                .containsExactly(Tuple.tuple(10_000_000.0, 1.0),
                        Tuple.tuple(50_000_000.0, 1.0));
    }

    @Test
    void namesTheExceptionAndFoldsRedirectsAndNotFoundLikeTheBinder() {
        timers.record("GET", 400, "/products/{id}", new IllegalArgumentException(), 1);

        assertThat(registry.get("http.server.requests").tags("status", "400", "exception", "IllegalArgumentException",
                "uri", "/products/{id}").timer().count()).isEqualTo(1);
        assertThat(RequestTimers.uri(304, "/products/{id}")).isEqualTo("REDIRECTION");
        assertThat(RequestTimers.uri(404, "/products/{id}")).isEqualTo("NOT_FOUND");
        assertThat(RequestTimers.uri(200, null)).isEqualTo("UNMATCHED_URI");
        assertThat(RequestTimers.uri(200, "/stats/")).isEqualTo("/stats");
        assertThat(RequestTimers.uri(200, "")).isEqualTo("root");
    }

    @Test
    void bucketBoundsMustAscend() {
        assertThatThrownBy(() -> new HttpMetricsConfig(List.of(0.05, 0.01)))
                .hasMessageContaining("cachegate.http-metrics.slos").hasMessageContaining("[0.05, 0.01]");
        assertThatThrownBy(() -> new HttpMetricsConfig(List.of()))
                .hasMessageContaining("cachegate.http-metrics.slos");
    }
}
