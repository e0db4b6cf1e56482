package dev.cachegate.payments;

import dev.cachegate.config.ConfigChecks.Between;
import dev.cachegate.config.ConfigChecks.Positive;
import dev.cachegate.config.ConfigChecks.ShorterThan;
import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.context.annotation.Context;
import io.micronaut.core.bind.annotation.Bindable;

import java.time.Duration;

import static dev.cachegate.config.ConfigChecks.check;

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
public record PaymentsConfig(@Bindable(defaultValue = "100000000") @Positive long maxAmountCents,
                             @Bindable(defaultValue = "16384") @Between(min = 256, max = 1_048_576) int maxBodyBytes,
                             @Bindable(defaultValue = "2s") @Positive @ShorterThan("recoveryLease")
                             Duration providerTimeout,
                             @Bindable(defaultValue = "5s") @Positive Duration recoveryInterval,
                             @Bindable(defaultValue = "5s") @Positive Duration recoveryAfter,
                             @Bindable(defaultValue = "30s") Duration recoveryLease) {

    /** Validates, echoing the bad value. */
    public PaymentsConfig {
        check(PaymentsConfig.class, maxAmountCents, maxBodyBytes, providerTimeout, recoveryInterval,
                recoveryAfter, recoveryLease);
    }
}
