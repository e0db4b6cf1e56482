package dev.cachegate.ops;

import dev.cachegate.catalog.CatalogConfig;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConfigValidationTest {

    private static final String SECRET = "sixteen-characters";
    private static final java.time.Duration MINUTE = java.time.Duration.ofMinutes(1);
    private static final java.time.Duration SECOND = java.time.Duration.ofSeconds(1);

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
    }

    @Test
    void statsConfigEchoesTheBadValue() {
        assertThatThrownBy(() -> new StatsConfig(0, "k")).hasMessage("cachegate.stats.size must be between 1 and 1000 but was 0");
        assertThatThrownBy(() -> new StatsConfig(10, " ")).hasMessage("cachegate.stats.key must not be blank but was ' '");
    }

    @Test
    void instanceIdMustBeUsableInHeadersAndLogs() {
        assertThatThrownBy(() -> new InstanceId("node 1"))
                .hasMessageContaining("INSTANCE_ID").hasMessageContaining("'node 1'");
    }
}
