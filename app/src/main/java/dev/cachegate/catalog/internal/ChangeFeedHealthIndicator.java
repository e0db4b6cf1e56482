package dev.cachegate.catalog.internal;

import dev.cachegate.cache.Watermark;
import io.micronaut.health.HealthStatus;
import io.micronaut.management.health.indicator.AbstractHealthIndicator;
import jakarta.inject.Singleton;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code /health} component {@code changeFeed}: how current this instance's caches are. A watermark behind its bound
 * keeps the component UP (the instance still answers correctly, from the database) and says so in {@code trusted}
 * and {@code impact}; the same figures are the metrics {@code cachegate.changes.watermark.age} and
 * {@code cachegate.changes.trusted}.
 */
@Singleton
final class ChangeFeedHealthIndicator extends AbstractHealthIndicator<Map<String, Object>> {

    private final ChangeFeed feed;

    ChangeFeedHealthIndicator(ChangeFeed feed) {
        this.feed = feed;
    }

    @Override
    protected Map<String, Object> getHealthInformation() {
        Map<String, Object> details = new LinkedHashMap<>();
        healthStatus = HealthStatus.UP;
        if (!feed.enabled()) {
            details.put("freshness", "TTLs only (cachegate.catalog.changes.enabled=false)");
            return details;
        }
        Watermark watermark = feed.watermark();
        boolean trusted = watermark.trusted();
        details.put("watermarkSeq", watermark.seq());
        details.put("watermarkAgeSeconds", watermark.age().toMillis() / 1000.0);
        details.put("maxLagSeconds", watermark.maxLag().toMillis() / 1000.0);
        details.put("trusted", trusted);
        if (!trusted) {
            details.put("impact", "the change stream is behind by more than cachegate.catalog.changes.max-lag: "
                    + "cached entries are not served, reads go to the database");
        }
        return details;
    }

    @Override
    protected String getName() {
        return "changeFeed";
    }
}
