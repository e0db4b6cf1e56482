package dev.cachegate.payments;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PaymentsConfigTest {

    private static final Duration SECOND = Duration.ofSeconds(1);

    @Test
    void aRecoveryLeaseNotLongerThanTheProviderTimeoutIsRefusedEchoingBothValues() {
        assertThatThrownBy(() -> new PaymentsConfig(100, 16384, Duration.ofSeconds(2), SECOND, SECOND,
                Duration.ofSeconds(2)))
                .hasMessage("cachegate.payments.provider-timeout must be shorter than "
                        + "cachegate.payments.recovery-lease (PT2S) but was PT2S");
    }
}
