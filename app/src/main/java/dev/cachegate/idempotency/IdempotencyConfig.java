package dev.cachegate.idempotency;

import dev.cachegate.ConfigChecks;
import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.context.annotation.Context;
import io.micronaut.core.bind.annotation.Bindable;

import java.time.Duration;

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
public record IdempotencyConfig(@Bindable(defaultValue = "24h") Duration retention,
                                @Bindable(defaultValue = "30s") Duration lease,
                                @Bindable(defaultValue = "0s") Duration waitForInFlight,
                                @Bindable(defaultValue = "1s") Duration retryAfter,
                                @Bindable(defaultValue = "1m") Duration reaperInterval,
                                @Bindable(defaultValue = "1000") int reaperBatch) {

    /** Validates, echoing the bad value. */
    public IdempotencyConfig {
        ConfigChecks.positive("cachegate.idempotency.retention", retention);
        ConfigChecks.positive("cachegate.idempotency.lease", lease);
        ConfigChecks.positive("cachegate.idempotency.retry-after", retryAfter);
        ConfigChecks.positive("cachegate.idempotency.reaper-interval", reaperInterval);
        ConfigChecks.notNegative("cachegate.idempotency.wait-for-in-flight", waitForInFlight);
        if (lease.compareTo(retention) >= 0) {
            throw new IllegalArgumentException("cachegate.idempotency.lease (" + lease
                    + ") must be shorter than cachegate.idempotency.retention (" + retention + ")");
        }
        if (reaperBatch < 1) {
            throw new IllegalArgumentException(
                    "cachegate.idempotency.reaper-batch must be positive but was " + reaperBatch);
        }
    }
}
