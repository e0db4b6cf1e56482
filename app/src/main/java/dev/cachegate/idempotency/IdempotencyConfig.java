package dev.cachegate.idempotency;

import dev.cachegate.config.ConfigChecks.NotNegative;
import dev.cachegate.config.ConfigChecks.Positive;
import dev.cachegate.config.ConfigChecks.ShorterThan;
import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.context.annotation.Context;
import io.micronaut.core.bind.annotation.Bindable;

import java.time.Duration;

import static dev.cachegate.config.ConfigChecks.check;

/**
 * {@code cachegate.idempotency}: how long keys are kept and how in-flight requests are treated.
 *
 * @param retention       how long a completed key replays its response; afterwards it may be reused
 * @param lease           how long a claim's holder may take before another instance takes over
 * @param waitForInFlight 0: a duplicate of an in-flight request gets 409 at once; more: it waits up to this long
 *                        for the first to finish and replays it
 * @param retryAfter      the {@code Retry-After} of a 409
 * @param reaperInterval  how often expired keys are deleted
 * @param reaperBatch     keys deleted per batch
 */
@Context
@ConfigurationProperties("cachegate.idempotency")
public record IdempotencyConfig(@Bindable(defaultValue = "24h") @Positive Duration retention,
                                @Bindable(defaultValue = "30s") @Positive @ShorterThan("retention") Duration lease,
                                @Bindable(defaultValue = "0s") @NotNegative Duration waitForInFlight,
                                @Bindable(defaultValue = "1s") @Positive Duration retryAfter,
                                @Bindable(defaultValue = "1m") @Positive Duration reaperInterval,
                                @Bindable(defaultValue = "1000") @Positive int reaperBatch) {

    /** Validates, echoing the bad value. */
    public IdempotencyConfig {
        check(IdempotencyConfig.class, retention, lease, waitForInFlight, retryAfter, reaperInterval, reaperBatch);
    }
}
