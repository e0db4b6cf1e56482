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
    void aConfigurationThatCouldServeAPriceOlderThanTheBudgetFailsStartupNamingTheKeys() {
        Map<String, Object> properties = new HashMap<>(new UsesSharedServers() { }.getProperties());
        properties.put("cachegate.catalog.cache.l2.ttl", "50s");

        assertThatThrownBy(() -> ApplicationContext.run(properties, "test"))
                .hasStackTraceContaining("worst-case price staleness is 70s")
                .hasStackTraceContaining("cachegate.catalog.cache.l2.ttl=50s")
                .hasStackTraceContaining("cachegate.catalog.max-staleness=60s");
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
                    "resilience4j_circuitbreaker_state{name=\"redis-l2\"");
        }
    }
}
