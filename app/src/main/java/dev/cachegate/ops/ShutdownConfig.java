package dev.cachegate.ops;

import dev.cachegate.ConfigChecks;
import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.context.annotation.Context;
import io.micronaut.core.bind.annotation.Bindable;

import java.time.Duration;

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
public record ShutdownConfig(@Bindable(defaultValue = "5s") Duration drain,
                             @Bindable(defaultValue = "10s") Duration inFlightTimeout) {

    /** Validates, echoing the bad value. */
    public ShutdownConfig {
        ConfigChecks.notNegative("cachegate.shutdown.drain", drain);
        ConfigChecks.positive("cachegate.shutdown.in-flight-timeout", inFlightTimeout);
    }
}
