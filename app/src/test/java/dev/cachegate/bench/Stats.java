package dev.cachegate.bench;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.IntStream;

/** The arithmetic every benchmark figure goes through: rounds summarised as median and range, ratios, percentiles. */
public final class Stats {

    private Stats() {
    }

    /**
     * A figure measured over several alternating rounds.
     *
     * @param median the median round
     * @param min    the lowest round
     * @param max    the highest round
     * @param rounds how many rounds
     */
    public record Spread(double median, double min, double max, int rounds) {

        /**
         * @param values one per round; NaN rounds are left out
         * @return their median and range
         */
        public static Spread of(List<Double> values) {
            return of(values.stream().mapToDouble(Double::doubleValue).toArray());
        }

        /**
         * @param values one per round; NaN rounds are left out; the array is not reordered
         * @return their median and range
         */
        public static Spread of(double... values) {
            double[] sorted = Arrays.stream(values).filter(v -> !Double.isNaN(v)).sorted().toArray();
            if (sorted.length == 0) {
                return new Spread(Double.NaN, Double.NaN, Double.NaN, 0);
            }
            return new Spread(Stats.median(sorted), sorted[0], sorted[sorted.length - 1], sorted.length);
        }

        /** @return e.g. {@code 21,400 (20,900–22,100)} */
        String format(String pattern) {
            if (rounds == 0) {
                return "—";
            }
            return String.format(Locale.ROOT, pattern, median) + " (" + String.format(Locale.ROOT, pattern, min)
                    + "–" + String.format(Locale.ROOT, pattern, max) + ")";
        }
    }

    /** @return the median of already sorted values: the middle one, or the mean of the two middle ones */
    public static double median(double[] sorted) {
        int n = sorted.length;
        if (n == 0) {
            return Double.NaN;
        }
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    /**
     * The nearest-rank percentile: the smallest value with at least {@code percentile}% of the values at or below it.
     *
     * @param sorted     ascending values
     * @param percentile 0 (exclusive) to 100
     * @return the value, NaN when there are none
     */
    public static double percentile(double[] sorted, double percentile) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int rank = (int) Math.ceil(percentile / 100.0 * sorted.length);
        return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1];
    }

    /** @return the nearest-rank percentile of unsorted values */
    public static double percentile(List<Double> values, double percentile) {
        double[] sorted = values.stream().mapToDouble(Double::doubleValue).toArray();
        Arrays.sort(sorted);
        return percentile(sorted, percentile);
    }

    /** @return the lower of two values, a NaN one left out (NaN when both are) */
    public static double lowest(double a, double b) {
        return Double.isNaN(a) ? b : Double.isNaN(b) ? a : Math.min(a, b);
    }

    /** @return the higher of two values, a NaN one left out (NaN when both are) */
    public static double highest(double a, double b) {
        return Double.isNaN(a) ? b : Double.isNaN(b) ? a : Math.max(a, b);
    }

    /** @return {@code value / ceiling}, NaN when either is not a finite number or the ceiling is not positive */
    public static double ratio(double value, double ceiling) {
        if (!Double.isFinite(value) || !Double.isFinite(ceiling) || ceiling <= 0) {
            return Double.NaN;
        }
        return value / ceiling;
    }

    /**
     * The ratio of every round's A to the same round's B, summarised: alternating rounds share the machine's noise,
     * so a per-round ratio is steadier than the ratio of two medians.
     */
    public static Spread pairedRatio(List<Double> a, List<Double> b) {
        if (a.size() != b.size()) {
            throw new IllegalArgumentException("rounds differ: " + a.size() + " vs " + b.size());
        }
        return Spread.of(IntStream.range(0, a.size()).mapToObj(i -> ratio(a.get(i), b.get(i)))
                .toList());
    }

    /** @return e.g. {@code 0.0023×}, {@code 0.33×}, {@code 12.3×}, {@code 456×}, or {@code —} when there is no ratio */
    public static String times(double ratio) {
        if (!Double.isFinite(ratio)) {
            return "—";
        }
        double size = Math.abs(ratio);
        String pattern = size < 0.0995 ? "%.4f×" : size < 9.995 ? "%.2f×" : size < 99.95 ? "%.1f×" : "%.0f×";
        return String.format(Locale.ROOT, pattern, ratio);
    }
}
