package dev.cachegate.cache;

import dev.cachegate.testinfra.UsesSharedServers;
import io.micronaut.context.ApplicationContext;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Startup refuses configurations the catalog's facts do not allow. */
class CacheStartupIT {

    @Test
    void theOldTtlDesignFailsStartupNamingEveryTermOfTheBudget() {
        Map<String, Object> properties = new HashMap<>(new UsesSharedServers() { }.getProperties());
        properties.putAll(Map.of("cachegate.catalog.changes.enabled", "false",
                "cachegate.catalog.cache.l1.ttl", "10s", "cachegate.catalog.cache.l2.ttl", "30s",
                "cachegate.catalog.http.max-age", "5s", "cachegate.catalog.http.s-maxage", "10s",
                "cachegate.catalog.http.stale-while-revalidate", "10s", "cachegate.catalog.http.stale-if-error", "10s"));

        assertThatThrownBy(() -> ApplicationContext.run(properties, "test"))
                .hasStackTraceContaining("worst-case price staleness is 77050ms")
                .hasStackTraceContaining("cachegate.catalog.max-staleness=60s")
                .hasStackTraceContaining("application 30s (TTL-only design")
                .hasStackTraceContaining("cachegate.catalog.cache.l2.ttl=30s")
                .hasStackTraceContaining("replica 11050ms (cachegate.routing.max-replica-lag=10s")
                .hasStackTraceContaining("CDN 20s (cachegate.catalog.http.s-maxage=10s")
                .hasStackTraceContaining("browser 15s (cachegate.catalog.http.max-age=5s")
                .hasStackTraceContaining("cachegate.catalog.http.stale-while-revalidate=10s")
                .hasStackTraceContaining("cachegate.catalog.http.stale-if-error=10s")
                .hasStackTraceContaining("clock skew 1s (cachegate.catalog.clock-skew=1s)");
    }

    @Test
    void theNewDefaultsFitTheBudget() {
        Map<String, Object> properties = new HashMap<>(new UsesSharedServers() { }.getProperties());
        try (ApplicationContext context = ApplicationContext.run(properties, "test")) {
            assertThat(context.getBean(dev.cachegate.catalog.FreshnessBudget.class).worstCase())
                    .isEqualTo(java.time.Duration.ofMillis(35_050));
        }
    }

    @Test
    void aBadStrategyFailsStartupEchoingIt() {
        Map<String, Object> properties = new HashMap<>(new UsesSharedServers() { }.getProperties());
        properties.put("cachegate.catalog.cache.strategy", "write-behind");

        assertThatThrownBy(() -> ApplicationContext.run(properties, "test"))
                .hasStackTraceContaining("cachegate.catalog.cache.strategy must be one of cache-aside, write-through, "
                        + "refresh-ahead, none but was 'write-behind'");
    }

    @Test
    void theMetricsHaveTheDocumentedNames() {
        Map<String, Object> properties = new HashMap<>(new UsesSharedServers() { }.getProperties());
        try (ApplicationContext context = ApplicationContext.run(properties, "test")) {
            @SuppressWarnings("unchecked")
            VersionedCache<dev.cachegate.catalog.Product> cache = context.getBean(VersionedCache.class);
            cache.get(1);
            cache.get(1);
            String scrape = context.getBean(io.micrometer.prometheusmetrics.PrometheusMeterRegistry.class).scrape();

            assertThat(scrape).contains("cachegate_cache_gets_total{cache=\"products\",layer=\"l1\",result=\"hit\"}",
                    "cachegate_cache_gets_total{cache=\"products\",layer=\"l2\",result=\"miss\"}",
                    "cachegate_cache_loads_total{cache=\"products\"}", "cachegate_cache_load_seconds_count",
                    "cachegate_cache_coalesced_total{cache=\"products\",scope=\"local\"}",
                    "resilience4j_circuitbreaker_state{name=\"redis-l2\"",
                    "cachegate_changes_watermark_age_seconds{cache=\"products\"}",
                    "cachegate_changes_trusted{cache=\"products\"} 1.0",
                    "cachegate_changes_applied_total{cache=\"products\"}",
                    "cachegate_cache_untrusted_total{cache=\"products\"}");
        }
    }
}
