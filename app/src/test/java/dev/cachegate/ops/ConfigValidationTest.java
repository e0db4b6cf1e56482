package dev.cachegate.ops;

import dev.cachegate.catalog.CatalogConfig;
import dev.cachegate.catalog.ChangeFeedConfig;
import dev.cachegate.catalog.ListingsConfig;
import dev.cachegate.catalog.PreloadConfig;
import dev.cachegate.catalog.WarmupConfig;
import dev.cachegate.routing.DatabaseConfig;
import dev.cachegate.routing.RoutingConfig;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConfigValidationTest {

    private static final String SECRET = "sixteen-characters";
    private static final Duration MINUTE = Duration.ofMinutes(1);
    private static final Duration SECOND = Duration.ofSeconds(1);

    @Test
    void catalogConfigEchoesTheBadValue() {
        assertThatThrownBy(() -> new CatalogConfig(20, 0, SECRET, 0, MINUTE, SECOND))
                .hasMessage("cachegate.catalog.max-page-size must be between 1 and 1000 but was 0");
        assertThatThrownBy(() -> new CatalogConfig(200, 100, SECRET, 0, MINUTE, SECOND))
                .hasMessageContaining("default-page-size").hasMessageContaining("but was 200");
        assertThatThrownBy(() -> new CatalogConfig(20, 100, "short", 0, MINUTE, SECOND))
                .hasMessageContaining("cursor-secret").hasMessageContaining("5 characters long");
        assertThatThrownBy(() -> new CatalogConfig(20, 100, SECRET, -1, MINUTE, SECOND))
                .hasMessage("cachegate.catalog.seed-products must not be negative but was -1");
        assertThatThrownBy(() -> new CatalogConfig(20, 100, SECRET, 0, Duration.ZERO, SECOND))
                .hasMessage("cachegate.catalog.max-staleness must be a positive duration but was PT0S");
    }

    @Test
    void databaseConfigEchoesTheBadValue() {
        assertThatThrownBy(() -> new DatabaseConfig(Duration.ofMillis(1500), SECOND, true))
                .hasMessage("cachegate.database.socket-timeout must be a whole number of seconds, at least 1s, "
                        + "but was PT1.5S");
        assertThatThrownBy(() -> new DatabaseConfig(Duration.ofSeconds(5), Duration.ofSeconds(5), true))
                .hasMessage("cachegate.database.statement-timeout must be shorter than "
                        + "cachegate.database.socket-timeout (PT5S) but was PT5S");
        assertThatThrownBy(() -> new DatabaseConfig(Duration.ofSeconds(5), Duration.ZERO, true))
                .hasMessage("cachegate.database.statement-timeout must be a positive duration but was PT0S");
    }

    @Test
    void routingAndListingsConfigEchoTheBadValue() {
        assertThatThrownBy(() -> new RoutingConfig(true, Duration.ofMillis(50), Duration.ofSeconds(10),
                Duration.ofMillis(50), SECOND, Duration.ofMillis(500)))
                .hasMessage("cachegate.routing.tracker-timeout must be a whole number of seconds, at least 1s, "
                        + "but was PT0.5S");
        assertThatThrownBy(() -> new ListingsConfig(0, SECOND))
                .hasMessage("cachegate.catalog.listings.max-concurrent must be between 1 and 1000 but was 0");
        assertThatThrownBy(() -> new ListingsConfig(4, Duration.ofMillis(-1)))
                .hasMessage("cachegate.catalog.listings.max-wait must not be negative but was PT-0.001S");
    }

    @Test
    void changeFeedConfigEchoesTheBadValue() {
        assertThatThrownBy(() -> new ChangeFeedConfig(true, Duration.ofSeconds(3), Duration.ofSeconds(3), 10, MINUTE))
                .hasMessage("cachegate.catalog.changes.poll-interval must be shorter than "
                        + "cachegate.catalog.changes.max-lag (PT3S) but was PT3S");
        assertThatThrownBy(() -> new ChangeFeedConfig(true, SECOND, MINUTE, 0, MINUTE))
                .hasMessage("cachegate.catalog.changes.batch-size must be between 1 and 100000 but was 0");
    }

    @Test
    void preloadConfigEchoesTheBadValue() {
        Duration hours = Duration.ofHours(3);
        assertThatThrownBy(() -> new PreloadConfig(true, 0, SECOND, hours, MINUTE))
                .hasMessage("cachegate.catalog.preload.page-size must be between 1 and 10000 but was 0");
        assertThatThrownBy(() -> new PreloadConfig(true, 1000, hours, hours, MINUTE))
                .hasMessage("cachegate.catalog.preload.check-interval must be shorter than "
                        + "cachegate.catalog.preload.refresh-every (PT3H) but was PT3H");
        assertThatThrownBy(() -> new PreloadConfig(true, 1000, SECOND, hours, Duration.ZERO))
                .hasMessage("cachegate.catalog.preload.lease must be a positive duration but was PT0S");
    }

    @Test
    void warmupConfigEchoesTheBadValue() {
        assertThatThrownBy(() -> new WarmupConfig(true, -1, 0, 1, MINUTE))
                .hasMessage("cachegate.catalog.warmup.hot-set must be between 0 and 10000000 but was -1");
        assertThatThrownBy(() -> new WarmupConfig(true, 0, 0, 0, MINUTE))
                .hasMessage("cachegate.catalog.warmup.concurrency must be between 1 and 64 but was 0");
        assertThatThrownBy(() -> new WarmupConfig(true, 0, 0, 1, Duration.ZERO))
                .hasMessage("cachegate.catalog.warmup.max-duration must be a positive duration but was PT0S");
    }

    @Test
    void statsConfigEchoesTheBadValue() {
        assertThatThrownBy(() -> new StatsConfig(0, "k", SECOND)).hasMessage("cachegate.stats.size must be between 1 and 1000 but was 0");
        assertThatThrownBy(() -> new StatsConfig(10, " ", SECOND)).hasMessage("cachegate.stats.key must not be blank but was ' '");
    }

    @Test
    void healthConfigEchoesTheBadValue() {
        assertThatThrownBy(() -> new HealthConfig(Duration.ZERO))
                .hasMessage("cachegate.health.deadlock-check-interval must be a positive duration but was PT0S");
    }

    @Test
    void instanceIdMustBeUsableInHeadersAndLogs() {
        assertThatThrownBy(() -> new InstanceId("node 1"))
                .hasMessageContaining("INSTANCE_ID").hasMessageContaining("'node 1'");
    }
}
