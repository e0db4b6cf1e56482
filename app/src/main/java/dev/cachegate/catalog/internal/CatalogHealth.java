package dev.cachegate.catalog.internal;

import dev.cachegate.cache.Watermark;
import dev.cachegate.web.HealthComponent;
import dev.cachegate.web.HealthComponent.Reading;
import io.micronaut.context.annotation.Factory;
import jakarta.inject.Singleton;

/** The catalog's {@code /health} components. */
@Factory
final class CatalogHealth {

    /**
     * {@code /health} component {@code changeFeed}: how current this instance's caches are. A watermark behind its
     * bound keeps the component UP (the instance still answers correctly, from the database) and says so in
     * {@code trusted} and {@code impact}; the same figures are the metrics {@code cachegate.changes.watermark.age}
     * and {@code cachegate.changes.trusted}.
     */
    @Singleton
    HealthComponent changeFeed(ChangeFeed feed) {
        return HealthComponent.alwaysUp("changeFeed", details -> {
            if (!feed.enabled()) {
                details.put("freshness", "TTLs only (cachegate.catalog.changes.enabled=false)");
                return;
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
        });
    }

    /**
     * {@code /health} component {@code catalogPreload}: whether the cache Redis holds the whole catalog
     * ({@link CatalogPreload}). Always UP: without the preload the instance still answers correctly, loading cold
     * products from the database.
     */
    @Singleton
    HealthComponent catalogPreload(CatalogPreload preload) {
        return HealthComponent.of("catalogPreload", () -> Reading.up(preload.describe()));
    }

    /**
     * {@code /health} component {@code warmup} ({@link Warmup}): DOWN while the starting instance warms up, which
     * closes {@code /health/readiness} (a readiness component, not a liveness one: a warming instance is alive), so a
     * load balancer that follows readiness sends it nothing yet. UP once the warm-up is done, has run out of
     * {@code cachegate.catalog.warmup.max-duration}, or is disabled.
     */
    @Singleton
    HealthComponent warmup(Warmup warmup) {
        return HealthComponent.of("warmup", () -> Reading.downWhen(warmup.warming(), warmup.describe()));
    }
}
