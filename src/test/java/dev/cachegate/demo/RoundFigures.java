package dev.cachegate.demo;

import java.util.Arrays;

/** The stampede demo's arithmetic: percentiles of one burst, added latency, and spreads over rounds. */
final class RoundFigures {

    private RoundFigures() {
    }

    /**
     * @param sortedNanos latencies in nanoseconds, ascending
     * @param quantile    in (0, 1]
     * @return the nearest-rank percentile in milliseconds; NaN for no latencies
     */
    static double percentileMillis(long[] sortedNanos, double quantile) {
        if (!(quantile > 0 && quantile <= 1)) {
            throw new IllegalArgumentException("quantile must be in (0, 1] but was " + quantile);
        }
        if (sortedNanos.length == 0) {
            return Double.NaN;
        }
        int index = (int) Math.min(sortedNanos.length - 1, Math.ceil(quantile * sortedNanos.length) - 1);
        return sortedNanos[Math.max(0, index)] / 1e6;
    }

    /**
     * @param stampedeMillis a percentile of the stampede burst
     * @param controlMillis  the same percentile of its control burst
     * @return what the stampede added over the control
     */
    static double added(double stampedeMillis, double controlMillis) {
        return stampedeMillis - controlMillis;
    }

    /**
     * @param millis   a duration
     * @param loadTime the database load time; positive
     * @return {@code millis} in units of the load time
     */
    static double multipleOf(double millis, double loadTime) {
        if (!(loadTime > 0)) {
            throw new IllegalArgumentException("load time must be positive but was " + loadTime);
        }
        return millis / loadTime;
    }

    /**
     * The median and range of one figure over rounds.
     *
     * @param median the middle value; the mean of the two middle values for an even count
     * @param min    the smallest
     * @param max    the largest
     */
    record Spread(double median, double min, double max) {

        /**
         * @param values one per round, at least one
         * @return their spread
         */
        static Spread of(double... values) {
            if (values.length == 0) {
                throw new IllegalArgumentException("a spread needs at least one value");
            }
            double[] sorted = values.clone();
            Arrays.sort(sorted);
            int middle = sorted.length / 2;
            double median = sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
            return new Spread(median, sorted[0], sorted[sorted.length - 1]);
        }
    }
}
