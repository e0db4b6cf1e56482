package dev.cachegate.web;

import io.micronaut.context.annotation.EachBean;
import io.micronaut.management.health.indicator.AbstractHealthIndicator;

import java.util.Map;

/**
 * Shows one {@link HealthComponent} in {@code /health}, through Micronaut's health endpoint.
 *
 * <p>Failure policy: {@link AbstractHealthIndicator} turns a read that throws into a DOWN component carrying the
 * exception.
 */
@EachBean(HealthComponent.class)
final class HealthComponentIndicator extends AbstractHealthIndicator<Map<String, Object>> {

    private final HealthComponent component;

    HealthComponentIndicator(HealthComponent component) {
        this.component = component;
    }

    @Override
    protected Map<String, Object> getHealthInformation() {
        HealthComponent.Reading reading = component.read();
        healthStatus = reading.status();
        return reading.details();
    }

    @Override
    protected String getName() {
        return component.name();
    }
}
