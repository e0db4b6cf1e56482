package dev.cachegate.payments;

import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PaymentRequestTest {

    private static final long MAX = 100_000_000;

    @Test
    void theCanonicalFormSortsKeysAndDropsWhitespaceSoEquivalentBodiesFingerprintAlike() {
        Map<String, Object> one = new LinkedHashMap<>();
        one.put("source", "tok_visa");
        one.put("amountCents", 1299);
        one.put("currency", "EUR");
        one.put("description", "order \"1234\" \\ ok");
        Map<String, Object> other = new LinkedHashMap<>(Map.of("description", "order \"1234\" \\ ok",
                "currency", "EUR", "amountCents", 1299L, "source", "tok_visa"));

        PaymentRequest request = PaymentRequest.from(one, MAX);

        assertThat(request.canonical()).isEqualTo("{\"amountCents\":1299,\"currency\":\"EUR\","
                + "\"description\":\"order \\\"1234\\\" \\\\ ok\",\"source\":\"tok_visa\"}");
        assertThat(PaymentRequest.from(other, MAX).canonical()).isEqualTo(request.canonical());
    }

    @Test
    void badValuesAreEchoed() {
        assertThatThrownBy(() -> PaymentRequest.from(Map.of("amountCents", 0, "currency", "EUR", "source", "s"), MAX))
                .hasMessage("amountCents must be between 1 and 100000000 but was 0");
        assertThatThrownBy(() -> PaymentRequest.from(Map.of("amountCents", 12.5, "currency", "EUR", "source", "s"), MAX))
                .hasMessageContaining("whole number").hasMessageContaining("fractional number (12.5)");
        assertThatThrownBy(() -> PaymentRequest.from(Map.of("amountCents", new BigInteger("99999999999999999999"),
                "currency", "EUR", "source", "s"), MAX)).hasMessageContaining("but was 99999999999999999999");
        assertThatThrownBy(() -> PaymentRequest.from(Map.of("amountCents", 5, "currency", "XYZ", "source", "s"), MAX))
                .hasMessage("currency must be an ISO 4217 code such as EUR but was 'XYZ'");
        assertThatThrownBy(() -> PaymentRequest.from(Map.of("amountCents", 5, "currency", "EUR", "source", "s",
                "amount", 5), MAX)).hasMessageContaining("unknown field 'amount'");
        assertThatThrownBy(() -> PaymentRequest.from(List.of(), MAX)).hasMessageContaining("must be a JSON object");
    }
}
