package dev.cachegate.payments;

import dev.cachegate.ConfigChecks;
import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.context.annotation.Context;
import io.micronaut.core.bind.annotation.Bindable;

import java.time.Duration;

/**
 * {@code cachegate.payments}: limits of {@code POST /payments} and the provider's bounds.
 *
 * @param maxAmountCents   the largest amount accepted
 * @param maxBodyBytes     the largest request body accepted; larger gets 413
 * @param providerTimeout  how long a provider call may take before the payment is answered {@code pending}
 * @param recoveryInterval how often pending payments are asked about again
 * @param recoveryAfter    how old a pending payment must be before recovery asks about it
 * @param recoveryLease    how long a recoverer holds a pending payment it claimed; another recoverer may claim it only
 *                         after that, so it must be longer than {@code provider-timeout}
 */
@Context
@ConfigurationProperties("cachegate.payments")
public record PaymentsConfig(@Bindable(defaultValue = "100000000") long maxAmountCents,
                             @Bindable(defaultValue = "16384") int maxBodyBytes,
                             @Bindable(defaultValue = "2s") Duration providerTimeout,
                             @Bindable(defaultValue = "5s") Duration recoveryInterval,
                             @Bindable(defaultValue = "5s") Duration recoveryAfter,
                             @Bindable(defaultValue = "30s") Duration recoveryLease) {

    /** Validates, echoing the bad value. */
    public PaymentsConfig {
        if (maxAmountCents < 1) {
            throw new IllegalArgumentException(
                    "cachegate.payments.max-amount-cents must be positive but was " + maxAmountCents);
        }
        if (maxBodyBytes < 256 || maxBodyBytes > 1_048_576) {
            throw new IllegalArgumentException(
                    "cachegate.payments.max-body-bytes must be between 256 and 1048576 but was " + maxBodyBytes);
        }
        ConfigChecks.positive("cachegate.payments.provider-timeout", providerTimeout);
        ConfigChecks.positive("cachegate.payments.recovery-interval", recoveryInterval);
        ConfigChecks.positive("cachegate.payments.recovery-after", recoveryAfter);
        ConfigChecks.shorterThan("cachegate.payments.provider-timeout", providerTimeout,
                "cachegate.payments.recovery-lease", recoveryLease);
    }
}
