package dev.cachegate.catalog;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ProductIdsTest {

    @Test
    void parsesCanonicalPositiveLongs() {
        assertThat(ProductIds.parse("1")).isEqualTo(1);
        assertThat(ProductIds.parse("42")).isEqualTo(42);
        assertThat(ProductIds.parse("9223372036854775807")).isEqualTo(Long.MAX_VALUE);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "0", "-1", "+1", "01", " 1", "1 ", "1e3", "0x10", "9223372036854775808",
            "18446744073709551616", "١٢"})
    void rejectsEverythingElseEchoingIt(String raw) {
        assertThatThrownBy(() -> ProductIds.parse(raw))
                .isInstanceOf(InvalidProductIdException.class)
                .hasMessageContaining("'" + raw + "'");
    }

    @Test
    void cutsAHugeValueInTheMessage() {
        String huge = "9".repeat(10_000);
        assertThatThrownBy(() -> ProductIds.parse(huge)).hasMessageContaining("…").message().hasSizeLessThan(200);
    }
}
