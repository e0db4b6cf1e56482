package dev.cachegate.cache;

import io.micronaut.context.exceptions.ConfigurationException;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FreshnessBudgetTest {

    private static final Duration BUDGET = Duration.ofSeconds(60);

    @Test
    void theDefaultsFitTheSixtySecondBudget() {
        FreshnessBudget budget = new FreshnessBudget(BUDGET, cache("cache-aside", 10, 30), http(5, 10, 10, 10));

        assertThat(budget.worstCase()).isEqualTo(Duration.ofSeconds(50));
    }

    @Test
    void aLongL2TtlFailsNamingTheKeysAndValues() {
        assertThatThrownBy(() -> new FreshnessBudget(BUDGET, cache("cache-aside", 10, 45), http(5, 10, 10, 10)))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("worst-case price staleness is 65s")
                .hasMessageContaining("cachegate.catalog.max-staleness=60s")
                .hasMessageContaining("cachegate.catalog.cache.l2.ttl=45s")
                .hasMessageContaining("cachegate.catalog.http.s-maxage=10s")
                .hasMessageContaining("cachegate.catalog.http.stale-while-revalidate=10s");
    }

    @Test
    void theCdnWindowIsSMaxagePlusTheLongerStaleWindow() {
        assertThat(new FreshnessBudget(BUDGET, cache("cache-aside", 10, 20), http(0, 20, 5, 20)).worstCase())
                .isEqualTo(Duration.ofSeconds(60));
        assertThatThrownBy(() -> new FreshnessBudget(BUDGET, cache("cache-aside", 10, 20), http(0, 20, 5, 21)))
                .hasMessageContaining("stale-if-error=21s");
    }

    @Test
    void aBrowserMaxAgeLongerThanTheCdnWindowCounts() {
        assertThatThrownBy(() -> new FreshnessBudget(BUDGET, cache("cache-aside", 10, 10), http(55, 10, 10, 10)))
                .hasMessageContaining("max-age=55s");
    }

    @Test
    void withoutCachingOnlyTheEdgeCounts() {
        assertThat(new FreshnessBudget(BUDGET, cache("none", 10, 3600), http(5, 10, 10, 10)).worstCase())
                .isEqualTo(Duration.ofSeconds(20));
    }

    private static CacheConfig cache(String strategy, int l1Seconds, int l2Seconds) {
        return new CacheConfig(strategy, new CacheConfig.L1(true, 1000, Duration.ofSeconds(l1Seconds)),
                new CacheConfig.L2(true, Duration.ofSeconds(l2Seconds), Duration.ofMillis(100)), Duration.ofSeconds(5),
                Duration.ofSeconds(30), 0.1, 1.0, null, null, 0);
    }

    private static HttpCachingConfig http(int maxAge, int sMaxage, int swr, int sie) {
        return new HttpCachingConfig(Duration.ofSeconds(maxAge), Duration.ofSeconds(sMaxage), Duration.ofSeconds(swr),
                Duration.ofSeconds(sie));
    }
}
