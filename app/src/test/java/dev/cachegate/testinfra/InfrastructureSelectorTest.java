package dev.cachegate.testinfra;

import dev.cachegate.testinfra.InfrastructureSelector.Provider;
import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class InfrastructureSelectorTest {

    private static final BooleanSupplier DOCKER = () -> true;
    private static final BooleanSupplier NO_DOCKER = () -> false;

    @Test
    void defaultsToEmbeddedWithoutAskingForDocker() {
        AtomicInteger asked = new AtomicInteger();
        assertThat(InfrastructureSelector.select(null, () -> asked.incrementAndGet() > 0)).isEqualTo(Provider.EMBEDDED);
        assertThat(InfrastructureSelector.select(" ", DOCKER)).isEqualTo(Provider.EMBEDDED);
        assertThat(InfrastructureSelector.select("embedded", DOCKER)).isEqualTo(Provider.EMBEDDED);
        assertThat(asked).hasValue(0);
    }

    @Test
    void autoPicksDockerOnlyWhenItAnswers() {
        assertThat(InfrastructureSelector.select("auto", DOCKER)).isEqualTo(Provider.TESTCONTAINERS);
        assertThat(InfrastructureSelector.select("AUTO", NO_DOCKER)).isEqualTo(Provider.EMBEDDED);
    }

    @Test
    void testcontainersWithoutDockerFailsInsteadOfFallingBack() {
        assertThat(InfrastructureSelector.select("testcontainers", DOCKER)).isEqualTo(Provider.TESTCONTAINERS);
        assertThatThrownBy(() -> InfrastructureSelector.select("testcontainers", NO_DOCKER))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("needs a Docker engine");
    }

    @Test
    void unknownProviderIsEchoed() {
        assertThatThrownBy(() -> InfrastructureSelector.select("kubernetes", DOCKER))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'kubernetes'");
    }
}
