package dev.cachegate.ops;

import dev.cachegate.config.ConfigChecks.NotNegative;
import dev.cachegate.config.ConfigChecks.Positive;
import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.context.annotation.Context;
import io.micronaut.core.bind.annotation.Bindable;

import java.time.Duration;

import static dev.cachegate.config.ConfigChecks.check;

/**
 * {@code cachegate.shutdown}: how an instance leaves a load balancer's rotation on SIGTERM ({@link Drain}).
 *
 * @param drain           how long the instance keeps serving after {@code /health/readiness} turns DOWN, every
 *                        response closing its connection; longer than a load balancer needs to notice (nginx's
 *                        upstream keepalive timeout, a Kubernetes endpoint update)
 * @param inFlightTimeout after the drain, how long the instance waits for requests still in flight once it stops
 *                        accepting; past it, it stops anyway
 */
@Context
@ConfigurationProperties("cachegate.shutdown")
public record ShutdownConfig(@Bindable(defaultValue = "5s") @NotNegative Duration drain,
                             @Bindable(defaultValue = "10s") @Positive Duration inFlightTimeout) {

    /** Validates, echoing the bad value. */
    public ShutdownConfig {
        check(ShutdownConfig.class, drain, inFlightTimeout);
    }
}
