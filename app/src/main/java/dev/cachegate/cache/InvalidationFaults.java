package dev.cachegate.cache;

import com.github.benmanes.caffeine.cache.Ticker;
import jakarta.inject.Singleton;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Injected invalidation faults, for fault runs of the benchmark and tests: a share of received pub/sub invalidations
 * dropped, and a pause during which this instance ignores every invalidation (pub/sub and change stream), as a
 * blocked subscription would. Both are off unless an operator sets them through {@code PUT /admin/faults}, which
 * answers only where {@code cachegate.faults.enabled} is true.
 */
@Singleton
public final class InvalidationFaults {

    private final Ticker ticker;
    private volatile double dropRate;
    private volatile long pausedUntil;

    /** @param ticker the time source of the pause */
    public InvalidationFaults(Ticker ticker) {
        this.ticker = ticker;
        this.pausedUntil = ticker.read();
    }

    /**
     * @param dropRate     share (0–1) of received pub/sub invalidations to drop, or null to leave it
     * @param pauseSeconds how long from now (0–86400 s) to ignore every invalidation, 0 ending a pause, or null to
     *                     leave it
     * @throws IllegalArgumentException naming and echoing a value out of range; nothing is changed then
     */
    public void set(Double dropRate, Double pauseSeconds) {
        if (dropRate != null && !(dropRate >= 0 && dropRate <= 1)) {
            throw new IllegalArgumentException("invalidationDropRate must be between 0 and 1 but was " + dropRate);
        }
        if (pauseSeconds != null && !(pauseSeconds >= 0 && pauseSeconds <= 86_400)) {
            throw new IllegalArgumentException("pauseSeconds must be between 0 and 86400 but was " + pauseSeconds);
        }
        if (dropRate != null) {
            this.dropRate = dropRate;
        }
        if (pauseSeconds != null) {
            this.pausedUntil = ticker.read() + Math.round(pauseSeconds * 1e9);
        }
    }

    /** @return whether invalidations are being ignored */
    public boolean paused() {
        return pausedUntil - ticker.read() > 0;
    }

    /** @return whether to drop the pub/sub invalidation just received */
    public boolean dropsMessage() {
        return paused() || dropRate > 0 && ThreadLocalRandom.current().nextDouble() < dropRate;
    }

    /** @return the current faults */
    public Map<String, Object> view() {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("invalidationDropRate", dropRate);
        view.put("pausedForSeconds", Math.max(0, (pausedUntil - ticker.read()) / 1_000_000_000.0));
        return view;
    }
}
