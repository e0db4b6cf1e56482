package dev.cachegate.idempotency;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class FingerprintsTest {

    @Test
    void isTheSha256OfMethodPathAndBodySeparatedByZeroBytes() {
        assertThat(Fingerprints.of("POST", "/payments", "{}"))
                .isEqualTo("6b341f525ac8eb976bc4daee1b2fbd7e2a60c08532f773442d3fe2cf3ab78552");
    }

    @Test
    void everyPartCountsAndTheSeparatorsKeepThePartsApart() {
        String payment = Fingerprints.of("POST", "/payments", "{\"amount\":100}");

        assertThat(payment).hasSize(64).matches("[0-9a-f]{64}");
        assertThat(Fingerprints.of("PUT", "/payments", "{\"amount\":100}")).isNotEqualTo(payment);
        assertThat(Fingerprints.of("POST", "/refunds", "{\"amount\":100}")).isNotEqualTo(payment);
        assertThat(Fingerprints.of("POST", "/payments", "{\"amount\":101}")).isNotEqualTo(payment);
        assertThat(Fingerprints.of("POST", "/payments", "{\"amount\":100}")).isEqualTo(payment);
        assertThat(Fingerprints.of("POS", "T/payments", "x")).isNotEqualTo(Fingerprints.of("POST", "/payments", "x"));
        assertThat(Fingerprints.of("POST", "/pay", "ments")).isNotEqualTo(Fingerprints.of("POST", "/payments", ""));
    }
}
