package dev.cachegate.idempotency;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class IdempotencyConfigTest {

    private static IdempotencyConfig config(Duration retention, Duration lease, int reaperBatch) {
        return new IdempotencyConfig(retention, lease, Duration.ZERO, Duration.ofSeconds(1), Duration.ofMinutes(1),
                reaperBatch);
    }

    @Test
    void aLeaseMustBeShorterThanTheRetention() {
        assertThat(config(Duration.ofSeconds(31), Duration.ofSeconds(30), 1).lease()).hasSeconds(30);
        assertThatThrownBy(() -> config(Duration.ofSeconds(30), Duration.ofSeconds(30), 1000))
                .hasMessage("cachegate.idempotency.lease must be shorter than cachegate.idempotency.retention (PT30S) "
                        + "but was PT30S");
    }

    @Test
    void theReaperDeletesAtLeastOneKeyABatch() {
        assertThat(config(Duration.ofHours(24), Duration.ofSeconds(30), 1).reaperBatch()).isEqualTo(1);
        assertThatThrownBy(() -> config(Duration.ofHours(24), Duration.ofSeconds(30), 0))
                .hasMessage("cachegate.idempotency.reaper-batch must be positive but was 0");
    }
}
