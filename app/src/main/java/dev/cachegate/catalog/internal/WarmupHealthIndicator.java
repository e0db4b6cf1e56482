package dev.cachegate.catalog.internal;

import io.micronaut.health.HealthStatus;
import io.micronaut.management.health.indicator.AbstractHealthIndicator;
import jakarta.inject.Singleton;

import java.util.Map;

/**
 * {@code /health} component {@code warmup} ({@link Warmup}): DOWN while the starting instance warms up, which closes
 * {@code /health/readiness} (a readiness component, not a liveness one: a warming instance is alive), so a load
 * balancer that follows readiness sends it nothing yet. UP once the warm-up is done, has run out of
 * {@code cachegate.catalog.warmup.max-duration}, or is disabled.
 */
@Singleton
final class WarmupHealthIndicator extends AbstractHealthIndicator<Map<String, Object>> {

    private final Warmup warmup;

    WarmupHealthIndicator(Warmup warmup) {
        this.warmup = warmup;
    }

    @Override
    protected Map<String, Object> getHealthInformation() {
        healthStatus = warmup.warming() ? HealthStatus.DOWN : HealthStatus.UP;
        return warmup.describe();
    }

    @Override
    protected String getName() {
        return "warmup";
    }
}
