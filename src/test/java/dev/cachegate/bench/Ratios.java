package dev.cachegate.bench;

import java.util.Locale;

/** A peer's figure as a multiple of cachegate's: the figure divided by cachegate's, for the benchmark tables. */
final class Ratios {

    private Ratios() {
    }

    /**
     * @param value     a peer's figure
     * @param reference cachegate's figure, the denominator
     * @return {@code value / reference}; NaN when either is not a finite number or the reference is not positive
     */
    static double of(double value, double reference) {
        if (!Double.isFinite(value) || !Double.isFinite(reference) || reference <= 0) {
            return Double.NaN;
        }
        return value / reference;
    }

    /**
     * @param value     a peer's figure
     * @param reference cachegate's figure, the denominator
     * @return e.g. {@code 1.00×}, {@code 12.3×}, {@code 456×}; {@code n/a} when {@link #of} is NaN
     */
    static String format(double value, double reference) {
        double ratio = of(value, reference);
        if (Double.isNaN(ratio)) {
            return "n/a";
        }
        String pattern = ratio < 9.995 ? "%.2f×" : ratio < 99.95 ? "%.1f×" : "%.0f×";
        return String.format(Locale.ROOT, pattern, ratio);
    }
}
