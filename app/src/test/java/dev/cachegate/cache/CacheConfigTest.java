package dev.cachegate.cache;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CacheConfigTest {

    @Test
    void strategiesParseFromTheirConfigNames() {
        assertThat(CacheConfig.Strategy.parse("cache-aside")).isEqualTo(CacheConfig.Strategy.CACHE_ASIDE);
        assertThat(CacheConfig.Strategy.parse("Write-Through")).isEqualTo(CacheConfig.Strategy.WRITE_THROUGH);
        assertThat(CacheConfig.Strategy.parse("refresh-ahead")).isEqualTo(CacheConfig.Strategy.REFRESH_AHEAD);
        assertThat(CacheConfig.Strategy.parse("none")).isEqualTo(CacheConfig.Strategy.NONE);
    }

    @Test
    void badValuesAreEchoedWithTheirKeys() {
        assertThatThrownBy(() -> CacheConfig.Strategy.parse("write-behind"))
                .hasMessage("cachegate.catalog.cache.strategy must be one of cache-aside, write-through, "
                        + "refresh-ahead, none but was 'write-behind'");
        assertThatThrownBy(() -> new CacheConfig.L1(true, 0, Duration.ofSeconds(1)))
                .hasMessage("cachegate.catalog.cache.l1.maximum-size must be positive but was 0");
        assertThatThrownBy(() -> new CacheConfig.L2(true, Duration.ZERO, Duration.ofMillis(1)))
                .hasMessage("cachegate.catalog.cache.l2.ttl must be a positive duration but was PT0S");
        assertThatThrownBy(() -> new CacheConfig("cache-aside", null, null, Duration.ofSeconds(1), Duration.ofSeconds(1),
                0.9, 1, null, null)).hasMessage("cachegate.catalog.cache.jitter must be between 0 and 0.5 but was 0.9");
        assertThatThrownBy(() -> new CacheConfig.Bulkhead(0, Duration.ofMillis(1)))
                .hasMessageContaining("max-concurrent-loads must be positive but was 0");
    }
}
