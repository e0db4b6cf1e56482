package dev.cachegate.redis;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CacheRedisConfigTest {

    private static final Duration TIMEOUT = Duration.ofMillis(100);

    @Test
    void aClusterBySeedsIsAccepted() {
        CacheRedisConfig config = new CacheRedisConfig("redis://127.0.0.1:7000,127.0.0.1:7001", TIMEOUT);

        assertThat(config.cacheUri()).isEqualTo("redis://127.0.0.1:7000,127.0.0.1:7001");
    }

    @Test
    void badValuesStopStartupNamingTheirKeyWithThePasswordMasked() {
        assertThatThrownBy(() -> new CacheRedisConfig("http://cache:s3cret@cache:6379", TIMEOUT))
                .hasMessageStartingWith("cachegate.redis.cache-uri must be a Redis URI")
                .hasMessageContaining("but was 'http://cache:****@cache:6379'")
                .hasMessageNotContaining("s3cret");
        assertThatThrownBy(() -> new CacheRedisConfig("redis://127.0.0.1:6379", Duration.ZERO))
                .hasMessage("cachegate.redis.cache-timeout must be a positive duration but was PT0S");
    }
}
