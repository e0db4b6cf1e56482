package dev.cachegate.demo;

/** The stampede demo's own arithmetic: added latency and multiples of the load time (the rest is {@link dev.cachegate.bench.Stats}). */
final class RoundFigures {

    private RoundFigures() {
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
}
