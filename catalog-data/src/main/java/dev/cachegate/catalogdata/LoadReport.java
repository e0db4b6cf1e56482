package dev.cachegate.catalogdata;

import java.time.Duration;
import java.util.Objects;

/**
 * Outcome of a catalog load: how many rows were written and how long the whole load took
 * (checks, COPY, commit and ANALYZE).
 *
 * @param rows    rows inserted; 0 when {@link CatalogLoader#loadIfEmpty} found the table populated
 * @param elapsed wall-clock time of the load
 */
public record LoadReport(long rows, Duration elapsed) {

    /**
     * Validates the components.
     *
     * @throws IllegalArgumentException if {@code rows} or {@code elapsed} is negative
     */
    public LoadReport {
        Objects.requireNonNull(elapsed, "elapsed");
        if (rows < 0) {
            throw new IllegalArgumentException("rows must not be negative but was " + rows);
        }
        if (elapsed.isNegative()) {
            throw new IllegalArgumentException("elapsed must not be negative but was " + elapsed);
        }
    }

    /**
     * Returns the load rate; 0 when nothing was loaded, infinite when rows were loaded in no
     * measurable time.
     */
    public double rowsPerSecond() {
        if (rows == 0) {
            return 0;
        }
        long nanos = elapsed.toNanos();
        return nanos == 0 ? Double.POSITIVE_INFINITY : rows * 1_000_000_000.0 / nanos;
    }
}
