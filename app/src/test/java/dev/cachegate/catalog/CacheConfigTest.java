package dev.cachegate.catalog;

import dev.cachegate.cache.Strategy;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CacheConfigTest {

    @Test
    void strategiesParseFromTheirConfigNames() {
        assertThat(StrategyConverter.parse("cache-aside")).isEqualTo(Strategy.CACHE_ASIDE);
        assertThat(StrategyConverter.parse("Write-Through")).isEqualTo(Strategy.WRITE_THROUGH);
        assertThat(StrategyConverter.parse("refresh-ahead")).isEqualTo(Strategy.REFRESH_AHEAD);
        assertThat(StrategyConverter.parse("none")).isEqualTo(Strategy.NONE);
    }

    @Test
    void badValuesAreEchoedWithTheirKeys() {
        assertThatThrownBy(() -> StrategyConverter.parse("write-behind"))
                .hasMessage("cachegate.catalog.cache.strategy must be one of cache-aside, write-through, "
                        + "refresh-ahead, none but was 'write-behind'");
        assertThatThrownBy(() -> new CacheConfig.L1(true, 0, Duration.ofSeconds(1)))
                .hasMessage("cachegate.catalog.cache.l1.maximum-size must be positive but was 0");
        assertThatThrownBy(() -> new CacheConfig.L2(true, Duration.ZERO))
                .hasMessage("cachegate.catalog.cache.l2.ttl must be a positive duration but was PT0S");
        CacheConfig.L1 l1 = new CacheConfig.L1(true, 1000, Duration.ofHours(1));
        CacheConfig.L2 l2 = new CacheConfig.L2(true, Duration.ofHours(6));
        CacheConfig.SingleFlight flight = new CacheConfig.SingleFlight(true, true, Duration.ofSeconds(2),
                Duration.ofSeconds(2), Duration.ofMillis(50));
        CacheConfig.Bulkhead bulkhead = new CacheConfig.Bulkhead(32, Duration.ofMillis(200));
        assertThatThrownBy(() -> new CacheConfig(Strategy.CACHE_ASIDE, l1, l2, Duration.ofSeconds(1),
                Duration.ofSeconds(1), 100_000, 0.9, 1, flight, bulkhead))
                .hasMessage("cachegate.catalog.cache.jitter must be between 0 and 0.5 but was 0.9");
        assertThatThrownBy(() -> new CacheConfig(Strategy.CACHE_ASIDE, l1, l2, Duration.ofSeconds(1),
                Duration.ofSeconds(1), 0, 0.1, 1, flight, bulkhead))
                .hasMessage("cachegate.catalog.cache.tombstone-max-entries must be positive but was 0");
        assertThatThrownBy(() -> new CacheConfig.Bulkhead(0, Duration.ofMillis(1)))
                .hasMessageContaining("max-concurrent-loads must be positive but was 0");
    }
}
