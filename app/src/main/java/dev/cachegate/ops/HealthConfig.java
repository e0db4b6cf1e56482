package dev.cachegate.ops;

import dev.cachegate.config.ConfigChecks.Positive;
import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.context.annotation.Context;
import io.micronaut.core.bind.annotation.Bindable;

import java.time.Duration;

import static dev.cachegate.config.ConfigChecks.check;

/**
 * {@code cachegate.health}: what the probes cost.
 *
 * @param deadlockCheckInterval how often {@code /health/liveness} looks for deadlocked threads; the look stops the
 *                              JVM at a safepoint, so probes in between answer from the last one
 */
@Context
@ConfigurationProperties("cachegate.health")
public record HealthConfig(@Bindable(defaultValue = "10s") @Positive Duration deadlockCheckInterval) {

    /** Validates, echoing the bad value. */
    public HealthConfig {
        check(HealthConfig.class, deadlockCheckInterval);
    }
}
