package dev.cachegate.ops.internal;

import dev.cachegate.ops.Drain;
import dev.cachegate.web.HealthComponent;
import dev.cachegate.web.HealthComponent.Reading;
import io.micronaut.context.annotation.Factory;
import jakarta.inject.Singleton;

import java.util.Map;

/** The drain's {@code /health} component. */
@Factory
final class DrainHealth {

    /**
     * {@code /health} component {@code drain}: DOWN from the moment a SIGTERM starts the {@link Drain}, which closes
     * {@code /health/readiness} (not liveness: a draining instance is alive and still serving).
     */
    @Singleton
    HealthComponent drain(Drain drain) {
        return HealthComponent.of("drain", () -> {
            boolean draining = drain.draining();
            return Reading.downWhen(draining, Map.of("draining", draining));
        });
    }
}
