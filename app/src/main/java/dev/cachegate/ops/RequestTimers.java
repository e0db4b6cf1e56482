package dev.cachegate.ops;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;

import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;

/**
 * {@code http.server.requests}, with the tags of Micronaut's web metrics binder ({@code method}, {@code status},
 * {@code uri}, {@code exception}) and the same {@code uri} rules: {@code REDIRECTION} for 3xx, {@code NOT_FOUND} for
 * 404, else the route's template. Each tag combination's timer is registered once and then found by one map lookup.
 */
@Singleton
final class RequestTimers {

    static final String NAME = "http.server.requests";

    private record Key(String method, int status, String uri, String exception) {
    }

    private final ConcurrentMap<Key, Timer> timers = new ConcurrentHashMap<>();
    private final MeterRegistry registry;
    private final Duration[] slos;

    RequestTimers(MeterRegistry registry, HttpMetricsConfig config) {
        this.registry = registry;
        this.slos = config.slos().stream().map(s -> Duration.ofNanos(Math.round(s * 1e9))).toArray(Duration[]::new);
    }

    /**
     * @param method    the request's method
     * @param status    the response's status code
     * @param template  the matched route's template, or null when no route matched
     * @param exception the exception the response was made from, or null
     * @param nanos     how long the request took
     */
    void record(String method, int status, @Nullable String template, @Nullable Throwable exception, long nanos) {
        Key key = new Key(method, status, uri(status, template),
                exception == null ? "none" : exception.getClass().getSimpleName());
        Timer timer = timers.get(key);
        if (timer == null) {
            timer = timers.computeIfAbsent(key, this::register);
        }
        timer.record(nanos, TimeUnit.NANOSECONDS);
    }

    static String uri(int status, @Nullable String template) {
        if (status >= 300 && status < 400) {
            return "REDIRECTION";
        }
        if (status == 404) {
            return "NOT_FOUND";
        }
        if (template == null) {
            return "UNMATCHED_URI";
        }
        String path = template.length() > 1 && template.endsWith("/")
                ? template.substring(0, template.length() - 1) : template;
        return path.isEmpty() ? "root" : path;
    }

    private Timer register(Key key) {
        return Timer.builder(NAME)
                .tags("method", key.method(), "status", Integer.toString(key.status()), "uri", key.uri(),
                        "exception", key.exception())
                .serviceLevelObjectives(slos)
                .register(registry);
    }
}
