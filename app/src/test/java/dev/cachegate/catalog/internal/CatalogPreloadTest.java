package dev.cachegate.catalog.internal;

import com.github.benmanes.caffeine.cache.Ticker;
import dev.cachegate.cache.CacheSettings;
import dev.cachegate.cache.CacheSettingsBuilder;
import dev.cachegate.cache.Strategy;
import dev.cachegate.catalog.ChangeFeedConfig;
import dev.cachegate.catalog.PreloadConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micronaut.context.exceptions.ConfigurationException;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** When the preload runs at all, and the startup check that it renews entries before the L2 TTL expires them. */
class CatalogPreloadTest {

    private static final ChangeFeedConfig CHANGES = new ChangeFeedConfig(true, Duration.ofMillis(200),
            Duration.ofSeconds(3), 1000, Duration.ofDays(1));

    @Test
    void aRefreshNoShorterThanTheJitteredL2TtlIsRejectedNamingBothKeys() {
        CacheSettings cache = cache("cache-aside", Duration.ofHours(6));
        PreloadConfig refreshTooLate = new PreloadConfig(true, 1000, Duration.ofSeconds(10), Duration.ofHours(6),
                Duration.ofMinutes(1));

        assertThatThrownBy(() -> preload(refreshTooLate, cache, CHANGES))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("cachegate.catalog.preload.refresh-every must be shorter than "
                        + "cachegate.catalog.cache.l2.ttl (PT6H) less its jitter (0.1), PT5H24M, but was PT6H");
        assertThat(preload(defaults(), cache, CHANGES).describe()).containsEntry("state", "waiting");
    }

    @Test
    void withoutL2OrTheChangeStreamThereIsNoPreloadAndHealthSaysWhy() {
        assertThat(preload(defaults(), cache("none", Duration.ofHours(6)), CHANGES).describe())
                .containsEntry("state", "disabled").extractingByKey("reason").asString().contains("no L2");
        ChangeFeedConfig ttlOnly = new ChangeFeedConfig(false, Duration.ofMillis(200), Duration.ofSeconds(3), 1000,
                Duration.ofDays(1));
        assertThat(preload(defaults(), cache("cache-aside", Duration.ofSeconds(30)), ttlOnly).describe())
                .containsEntry("state", "disabled").extractingByKey("reason").asString().contains("TTL-only");
    }

    private static PreloadConfig defaults() {
        return new PreloadConfig(true, 1000, Duration.ofSeconds(10), Duration.ofHours(3), Duration.ofMinutes(1));
    }

    private static CacheSettings cache(String strategy, Duration l2Ttl) {
        return CacheSettingsBuilder.defaults().strategy(Strategy.named(strategy).orElseThrow()).l2Ttl(l2Ttl).build();
    }

    private static CatalogPreload preload(PreloadConfig config, CacheSettings cache, ChangeFeedConfig changes) {
        return new CatalogPreload(config, cache, changes, null, null, null, null, new SimpleMeterRegistry(),
                Ticker.systemTicker());
    }
}
