package dev.cachegate.cache.internal;

import java.util.function.DoubleSupplier;

/**
 * Probabilistic early expiration ("Optimal Probabilistic Cache Stampede Prevention", Vattani, Chierichetti and
 * Lowenstein, VLDB 2015): an entry is recomputed when {@code now − δ·β·ln(rand) ≥ expiry}. Reads spread the refresh
 * over the time before expiry in proportion to how long a recompute takes (δ), so one reader refreshes while the
 * others keep being served, and a key nobody reads is never refreshed.
 *
 * @param beta   β &gt; 0; larger refreshes earlier
 * @param random uniform draws in (0, 1], one per read
 */
record XFetch(double beta, DoubleSupplier random) {

    /**
     * @param now        epoch millis
     * @param expiresAt  the entry's expiry, epoch millis
     * @param loadMillis δ, the entry's measured load time
     * @return whether this read should trigger a refresh, with a fresh draw
     */
    boolean due(long now, long expiresAt, double loadMillis) {
        return shouldRefresh(now, expiresAt, loadMillis, beta, random.getAsDouble());
    }

    /**
     * @param now        epoch millis
     * @param expiresAt  the entry's expiry, epoch millis
     * @param loadMillis δ, the entry's measured load time
     * @param beta       β &gt; 0; larger refreshes earlier
     * @param random     uniform in (0, 1]
     * @return whether this read should trigger a refresh
     */
    static boolean shouldRefresh(long now, long expiresAt, double loadMillis, double beta, double random) {
        double r = random <= 0 ? Double.MIN_VALUE : random;
        return now - loadMillis * beta * Math.log(r) >= expiresAt;
    }
}
