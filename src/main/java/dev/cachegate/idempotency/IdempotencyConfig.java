package dev.cachegate.idempotency;

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
        positive("retention", retention);
        positive("lease", lease);
        positive("retry-after", retryAfter);
        positive("reaper-interval", reaperInterval);
        if (waitForInFlight == null || waitForInFlight.isNegative()) {
            throw new IllegalArgumentException(
                    "cachegate.idempotency.wait-for-in-flight must not be negative but was " + waitForInFlight);
        }
        if (lease.compareTo(retention) >= 0) {
            throw new IllegalArgumentException("cachegate.idempotency.lease (" + lease
                    + ") must be shorter than cachegate.idempotency.retention (" + retention + ")");
        }
        if (reaperBatch < 1) {
            throw new IllegalArgumentException(
                    "cachegate.idempotency.reaper-batch must be positive but was " + reaperBatch);
        }
    }

    private static void positive(String key, Duration value) {
        if (value == null || value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException("cachegate.idempotency." + key + " must be a positive duration but was "
                    + value);
        }
    }
}
