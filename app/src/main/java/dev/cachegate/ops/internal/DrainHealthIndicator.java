package dev.cachegate.ops.internal;

import dev.cachegate.ops.Drain;
import io.micronaut.health.HealthStatus;
import io.micronaut.management.health.indicator.AbstractHealthIndicator;
import jakarta.inject.Singleton;

import java.util.Map;

/**
 * {@code /health} component {@code drain}: DOWN from the moment a SIGTERM starts the {@link Drain}, which closes
 * {@code /health/readiness} (not liveness: a draining instance is alive and still serving).
 */
@Singleton
final class DrainHealthIndicator extends AbstractHealthIndicator<Map<String, Object>> {

    private final Drain drain;

    DrainHealthIndicator(Drain drain) {
        this.drain = drain;
    }

    @Override
    protected Map<String, Object> getHealthInformation() {
        boolean draining = drain.draining();
        healthStatus = draining ? HealthStatus.DOWN : HealthStatus.UP;
        return Map.of("draining", draining);
    }

    @Override
    protected String getName() {
        return "drain";
    }
}
