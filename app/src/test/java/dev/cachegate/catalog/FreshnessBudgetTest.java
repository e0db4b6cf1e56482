package dev.cachegate.catalog;

import dev.cachegate.cache.CacheSettings;
import dev.cachegate.cache.CacheSettingsBuilder;
import dev.cachegate.cache.Strategy;
import dev.cachegate.routing.RoutingConfig;
import io.micronaut.context.exceptions.ConfigurationException;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FreshnessBudgetTest {

    private static final Duration BUDGET = Duration.ofSeconds(60);
    private static final Duration SKEW = Duration.ofSeconds(1);
    private static final RoutingConfig ROUTING = new RoutingConfig(true, Duration.ofMillis(50), Duration.ofSeconds(10),
            Duration.ofMillis(50), Duration.ofSeconds(1), Duration.ofSeconds(2));
    private static final ChangeFeedConfig STREAM = new ChangeFeedConfig(true, Duration.ofMillis(200),
            Duration.ofSeconds(3), 1000, Duration.ofHours(24));
    private static final ChangeFeedConfig TTL_ONLY = new ChangeFeedConfig(false, Duration.ofMillis(200),
            Duration.ofSeconds(3), 1000, Duration.ofHours(24));

    @Test
    void theNewDefaultsFitTheSixtySecondBudget() {
        FreshnessBudget budget = new FreshnessBudget(BUDGET, SKEW, cache("cache-aside", 3600, 6 * 3600),
                http(5, 5, 5, 5), STREAM, ROUTING);

        assertThat(budget.worstCase()).isEqualTo(Duration.ofMillis(3_000 + 11_050 + 10_000 + 10_000 + 1_000));
    }

    @Test
    void theOldTtlDesignIsRejectedNamingEveryTerm() {
        assertThatThrownBy(() -> new FreshnessBudget(BUDGET, SKEW, cache("cache-aside", 10, 30), http(5, 10, 10, 10),
                TTL_ONLY, ROUTING))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("worst-case price staleness is 77050ms")
                .hasMessageContaining("cachegate.catalog.max-staleness=60s")
                .hasMessageContaining("application 30s (TTL-only design")
                .hasMessageContaining("cachegate.catalog.cache.l2.ttl=30s")
                .hasMessageContaining("replica 11050ms (cachegate.routing.max-replica-lag=10s + "
                        + "cachegate.routing.heartbeat-interval=1s + cachegate.routing.poll-interval=50ms)")
                .hasMessageContaining("CDN 20s (cachegate.catalog.http.s-maxage=10s + max(")
                .hasMessageContaining("browser 15s (cachegate.catalog.http.max-age=5s + max(")
                .hasMessageContaining("cachegate.catalog.http.stale-while-revalidate=10s")
                .hasMessageContaining("cachegate.catalog.http.stale-if-error=10s")
                .hasMessageContaining("clock skew 1s (cachegate.catalog.clock-skew=1s)");
    }

    @Test
    void withTheStreamTheTtlsDoNotCountButTheWatermarkBoundDoes() {
        assertThat(new FreshnessBudget(BUDGET, SKEW, cache("cache-aside", 3600, 86_400), http(5, 5, 5, 5), STREAM,
                ROUTING).worstCase()).isLessThan(BUDGET);
        ChangeFeedConfig slow = new ChangeFeedConfig(true, Duration.ofMillis(200), Duration.ofSeconds(30), 1000,
                Duration.ofHours(24));
        assertThatThrownBy(() -> new FreshnessBudget(BUDGET, SKEW, cache("cache-aside", 3600, 86_400),
                http(5, 5, 5, 5), slow, ROUTING))
                .hasMessageContaining("application 30s (change-stream watermark: "
                        + "cachegate.catalog.changes.max-lag=30s)");
    }

    @Test
    void theBrowserWindowAddsToTheCdnWindow() {
        assertThatThrownBy(() -> new FreshnessBudget(BUDGET, SKEW, cache("cache-aside", 3600, 3600),
                http(30, 5, 5, 5), STREAM, ROUTING))
                .hasMessageContaining("browser 35s (cachegate.catalog.http.max-age=30s");
    }

    @Test
    void aTombstoneShorterThanTheReplicaTermIsRejected() {
        CacheSettings shortTombstones = CacheSettingsBuilder.defaults().tombstoneTtl(Duration.ofSeconds(10)).build();
        assertThatThrownBy(() -> new FreshnessBudget(BUDGET, SKEW, shortTombstones, http(5, 5, 5, 5), STREAM,
                ROUTING))
                .hasMessageContaining("cachegate.catalog.cache.tombstone-ttl=10s must outlast the replica term "
                        + "11050ms");
    }

    @Test
    void withoutCachingTheApplicationAddsNothing() {
        assertThat(new FreshnessBudget(BUDGET, SKEW, cache("none", 10, 3600), http(5, 5, 5, 5), TTL_ONLY, ROUTING)
                .worstCase()).isEqualTo(Duration.ofMillis(11_050 + 10_000 + 10_000 + 1_000));
    }

    private static CacheSettings cache(String strategy, int l1Seconds, int l2Seconds) {
        return CacheSettingsBuilder.defaults().strategy(Strategy.named(strategy).orElseThrow())
                .l1(true, 1000, Duration.ofSeconds(l1Seconds)).l2Ttl(Duration.ofSeconds(l2Seconds)).build();
    }

    private static HttpCachingConfig http(int maxAge, int sMaxage, int swr, int sie) {
        return new HttpCachingConfig(Duration.ofSeconds(maxAge), Duration.ofSeconds(sMaxage), Duration.ofSeconds(swr),
                Duration.ofSeconds(sie));
    }
}
