package dev.cachegate.launch;

import io.micronaut.context.exceptions.ConfigurationException;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LaunchModeTest {

    private static final Map<String, String> ALL_THREE = Map.of(
            "redis.uri", "redis://cache:6379",
            "datasources.primary.url", "jdbc:postgresql://db/cachegate",
            "datasources.replica.url", "jdbc:postgresql://replica/cachegate");

    @Test
    void nothingConfiguredMeansEmbedded() {
        assertThat(LaunchMode.detect(name -> Optional.empty(), true)).isEqualTo(LaunchMode.EMBEDDED);
    }

    @Test
    void blankValuesCountAsUnset() {
        assertThat(LaunchMode.detect(lookup(Map.of("redis.uri", " ")), true)).isEqualTo(LaunchMode.EMBEDDED);
    }

    @Test
    void allThreeConfiguredMeansProduction() {
        assertThat(LaunchMode.detect(lookup(ALL_THREE), true)).isEqualTo(LaunchMode.PRODUCTION);
    }

    @Test
    void aPartialConfigurationIsRefusedNamingWhatIsMissing() {
        assertThatThrownBy(() -> LaunchMode.detect(lookup(Map.of("redis.uri", "redis://cache:6379")), true))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("only [redis.uri (REDIS_URI)] is set")
                .hasMessageContaining("missing [datasources.primary.url (DATASOURCES_PRIMARY_URL), "
                        + "datasources.replica.url (DATASOURCES_REPLICA_URL)]");
    }

    @Test
    void nothingConfiguredWithoutTheEmbeddedServersIsRefusedNamingEveryLocation() {
        assertThatThrownBy(() -> LaunchMode.detect(name -> Optional.empty(), false))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("set [redis.uri (REDIS_URI), datasources.primary.url (DATASOURCES_PRIMARY_URL), "
                        + "datasources.replica.url (DATASOURCES_REPLICA_URL)]");
    }

    @Test
    void allThreeConfiguredNeedNoEmbeddedServers() {
        assertThat(LaunchMode.detect(lookup(ALL_THREE), false)).isEqualTo(LaunchMode.PRODUCTION);
    }

    private static java.util.function.Function<String, Optional<String>> lookup(Map<String, String> values) {
        return name -> Optional.ofNullable(values.get(name));
    }
}
