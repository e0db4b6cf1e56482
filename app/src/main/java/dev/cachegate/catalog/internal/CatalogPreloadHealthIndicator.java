package dev.cachegate.catalog.internal;

import io.micronaut.health.HealthStatus;
import io.micronaut.management.health.indicator.AbstractHealthIndicator;
import jakarta.inject.Singleton;

import java.util.Map;

/**
 * {@code /health} component {@code catalogPreload}: whether the cache Redis holds the whole catalog
 * ({@link CatalogPreload}). Always UP: without the preload the instance still answers correctly, loading cold products
 * from the database.
 */
@Singleton
final class CatalogPreloadHealthIndicator extends AbstractHealthIndicator<Map<String, Object>> {

    private final CatalogPreload preload;

    CatalogPreloadHealthIndicator(CatalogPreload preload) {
        this.preload = preload;
    }

    @Override
    protected Map<String, Object> getHealthInformation() {
        healthStatus = HealthStatus.UP;
        return preload.describe();
    }

    @Override
    protected String getName() {
        return "catalogPreload";
    }
}
