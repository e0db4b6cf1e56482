package dev.cachegate.idempotency;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class IdempotencyKeyTest {

    @Test
    void plainAndQuotedFormsAreTheSameKey() {
        assertThat(IdempotencyKey.parse("8e03978e-40d5-43e8-bc93-6894a57f9324").value())
                .isEqualTo("8e03978e-40d5-43e8-bc93-6894a57f9324");
        assertThat(IdempotencyKey.parse("\"8e03978e-40d5-43e8-bc93-6894a57f9324\""))
                .isEqualTo(IdempotencyKey.parse("8e03978e-40d5-43e8-bc93-6894a57f9324"));
        assertThat(IdempotencyKey.parse("\"a\\\"b\\\\c\"").value()).isEqualTo("a\"b\\c");
        assertThat(IdempotencyKey.parse("k".repeat(255)).value()).hasSize(255);
        assertThat(IdempotencyKey.parse("order 1234").value()).isEqualTo("order 1234");
        assertThat(IdempotencyKey.parse("!~").value()).as("the printable range's two ends").isEqualTo("!~");
    }

    @Test
    void aMissingKeyIsItsOwnProblem() {
        assertThatThrownBy(() -> IdempotencyKey.parse(null)).hasMessageContaining("needs an Idempotency-Key");
        assertThatThrownBy(() -> IdempotencyKey.parse("")).hasMessageContaining("needs an Idempotency-Key");
    }

    @ParameterizedTest
    @ValueSource(strings = {" ", " lead", "trail ", "tab\there", "caf\u00e9", "\"unterminated", "\"bad\\escape\"",
            "\"\"", "\"in\"side\"", "\u0001", "del\u007f",
            "\"escaped quote at the end\\\""})
    void malformedKeysAreRefused(String header) {
        assertThatThrownBy(() -> IdempotencyKey.parse(header)).isInstanceOf(IdempotencyKeyException.class)
                .hasMessageContaining("must be 1-255 printable ASCII");
    }

    @Test
    void aMalformedKeyIsEchoedOnlyWhenPrintable() {
        assertThatThrownBy(() -> IdempotencyKey.parse(" ~lead")).hasMessageContaining("but was ' ~lead' (6 characters)");
        assertThatThrownBy(() -> IdempotencyKey.parse("tab\there"))
                .hasMessageContaining("but was a value with non-printable or non-ASCII characters (8 characters)");
        assertThatThrownBy(() -> IdempotencyKey.parse("del\u007f"))
                .hasMessageContaining("but was a value with non-printable or non-ASCII characters");
    }

    @Test
    void anOversizedKeyIsRefusedNamingItsLength() {
        assertThatThrownBy(() -> IdempotencyKey.parse("k".repeat(256))).hasMessageContaining("(256 characters)");
    }
}
