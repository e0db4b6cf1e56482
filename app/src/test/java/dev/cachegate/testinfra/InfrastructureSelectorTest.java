package dev.cachegate.testinfra;

import dev.cachegate.testinfra.InfrastructureSelector.Provider;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class InfrastructureSelectorTest {

    @Test
    void defaultsToEmbedded() {
        assertThat(InfrastructureSelector.select(null)).isEqualTo(Provider.EMBEDDED);
        assertThat(InfrastructureSelector.select(" ")).isEqualTo(Provider.EMBEDDED);
        assertThat(InfrastructureSelector.select("Embedded")).isEqualTo(Provider.EMBEDDED);
    }

    @Test
    void unknownProviderIsEchoed() {
        assertThatThrownBy(() -> InfrastructureSelector.select("testcontainers"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'testcontainers'");
    }
}
