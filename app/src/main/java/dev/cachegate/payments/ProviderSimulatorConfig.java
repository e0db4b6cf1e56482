package dev.cachegate.payments;

import dev.cachegate.config.ConfigChecks.Between;
import dev.cachegate.config.ConfigChecks.NotNegative;
import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.context.annotation.Context;
import io.micronaut.core.bind.annotation.Bindable;

import java.time.Duration;

import static dev.cachegate.config.ConfigChecks.check;

/**
 * {@code cachegate.payments.provider}: faults the provider simulator injects; all off by default. The source
 * {@code tok_chargeDeclined} is always declined, whatever the rates.
 *
 * @param latency     added to every charge, after it is recorded (as a real provider's answer can be slow)
 * @param declineRate fraction of charges declined (0–1)
 * @param timeoutRate fraction of new charges recorded but answered too late (past the provider timeout); asking
 *                    again with the same key answers at once
 * @param errorRate   fraction of calls failed before anything is charged
 * @param errorAfterChargeRate fraction of new charges recorded and then failed with an error instead of an answer
 *                    (money moved, answer lost, like a connection reset after the request was sent); asking again
 *                    with the same key answers at once
 */
@Context
@ConfigurationProperties("cachegate.payments.provider")
public record ProviderSimulatorConfig(@Bindable(defaultValue = "0ms") @NotNegative Duration latency,
                                      @Bindable(defaultValue = "0") @Between(min = 0, max = 1) double declineRate,
                                      @Bindable(defaultValue = "0") @Between(min = 0, max = 1) double timeoutRate,
                                      @Bindable(defaultValue = "0") @Between(min = 0, max = 1) double errorRate,
                                      @Bindable(defaultValue = "0") @Between(min = 0, max = 1)
                                      double errorAfterChargeRate) {

    /** Validates, echoing the bad value. */
    public ProviderSimulatorConfig {
        check(ProviderSimulatorConfig.class, latency, declineRate, timeoutRate, errorRate, errorAfterChargeRate);
    }
}
