package dev.cachegate.payments;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.context.annotation.Context;
import io.micronaut.core.bind.annotation.Bindable;

import java.time.Duration;

/**
 * {@code cachegate.payments.provider}: faults the provider simulator injects; all off by default. The source
 * {@code tok_chargeDeclined} is always declined, whatever the rates.
 *
 * @param latency     added to every charge, after it is recorded (as a real provider's answer can be slow)
 * @param declineRate fraction of charges declined (0–1)
 * @param timeoutRate fraction of new charges recorded but answered too late (past the provider timeout); asking
 *                    again with the same key answers at once
 * @param errorRate   fraction of calls failed before anything is charged
 */
@Context
@ConfigurationProperties("cachegate.payments.provider")
public record ProviderSimulatorConfig(@Bindable(defaultValue = "0ms") Duration latency,
                                      @Bindable(defaultValue = "0") double declineRate,
                                      @Bindable(defaultValue = "0") double timeoutRate,
                                      @Bindable(defaultValue = "0") double errorRate) {

    /** Validates, echoing the bad value. */
    public ProviderSimulatorConfig {
        if (latency == null || latency.isNegative()) {
            throw new IllegalArgumentException(
                    "cachegate.payments.provider.latency must not be negative but was " + latency);
        }
        rate("decline-rate", declineRate);
        rate("timeout-rate", timeoutRate);
        rate("error-rate", errorRate);
    }

    private static void rate(String key, double value) {
        if (!(value >= 0 && value <= 1)) {
            throw new IllegalArgumentException("cachegate.payments.provider." + key + " must be between 0 and 1 but was "
                    + value);
        }
    }
}
