package dev.cachegate.bench;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RatiosTest {

    @Test
    void theReferenceIsTheDenominator() {
        assertThat(Ratios.of(3, 1.5)).isEqualTo(2.0);
        assertThat(Ratios.format(3, 1.5)).isEqualTo("2.00×");
        assertThat(Ratios.format(1.5, 3)).isEqualTo("0.50×");
    }

    @Test
    void precisionShrinksAsTheRatioGrows() {
        assertThat(Ratios.format(9.99, 1)).isEqualTo("9.99×");
        assertThat(Ratios.format(9.996, 1)).isEqualTo("10.0×");
        assertThat(Ratios.format(12.34, 1)).isEqualTo("12.3×");
        assertThat(Ratios.format(99.96, 1)).isEqualTo("100×");
        assertThat(Ratios.format(456.4, 1)).isEqualTo("456×");
    }

    @Test
    void noRatioWithoutAPositiveFiniteReference() {
        assertThat(Ratios.format(1, 0)).isEqualTo("n/a");
        assertThat(Ratios.format(1, -2)).isEqualTo("n/a");
        assertThat(Ratios.format(Double.NaN, 1)).isEqualTo("n/a");
        assertThat(Ratios.format(1, Double.POSITIVE_INFINITY)).isEqualTo("n/a");
        assertThat(Ratios.of(0, 5)).isZero();
    }
}
