package dev.cachegate.payments.internal;

import dev.cachegate.metrics.TagCounters;
import dev.cachegate.payments.Payment;
import dev.cachegate.payments.PaymentProvider;
import dev.cachegate.payments.PaymentsConfig;
import dev.cachegate.payments.ProviderUnavailableException;
import dev.cachegate.schedule.Schedules;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.annotation.Context;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Settles payments left {@code pending} by an unknown provider outcome: asks the provider again with the payment's own
 * idempotency key (so nothing is charged twice) and records the answer. Every instance runs it. Each payment is taken
 * in three steps, as in Brandur Leach's rocket-rides-atomic: a lease in a statement of its own, the provider call
 * outside any transaction, the settlement in a new statement that only the lease's holder can make. No row stays
 * locked while the provider is asked, and two recoverers never ask about the same payment at once.
 *
 * <p>Failure policy: a payment whose outcome is still unknown, or whose provider call was refused, is given back and
 * asked about again after {@code recovery-after}. A recoverer that fails or dies while holding a lease leaves it to
 * expire after {@code recovery-lease}, after which any recoverer takes the payment; if the first one answers late its
 * settlement is refused ({@code lease-lost}). A database failure ends the run, which the next one repeats.
 */
@Context
final class PaymentRecovery {

    private static final Logger LOG = LoggerFactory.getLogger(PaymentRecovery.class);
    private static final int BATCH = 50;
    private static final Duration FIRST_RUN = Duration.ofSeconds(1);

    private final JdbcPayments payments;
    private final ProviderGuard provider;
    private final PaymentsConfig config;
    private final TagCounters recoveries;

    PaymentRecovery(JdbcPayments payments, ProviderGuard provider, PaymentsConfig config, MeterRegistry meters,
                    Schedules schedules) {
        this.payments = payments;
        this.provider = provider;
        this.config = config;
        this.recoveries = TagCounters.register(meters, "cachegate.payments.recoveries", "result",
                List.of("succeeded", "declined", "still-pending", "failed", "lease-lost"));
        schedules.withFixedDelay(FIRST_RUN, config.recoveryInterval(), this::recover);
    }

    void recover() {
        try {
            for (int i = 0; i < BATCH; i++) {
                Optional<JdbcPayments.Recoverable> leased =
                        payments.leaseForRecovery(config.recoveryAfter(), config.recoveryLease());
                if (leased.isEmpty()) {
                    return;
                }
                recoverOne(leased.get());
            }
        } catch (RuntimeException e) {
            LOG.warn("Payment recovery failed, will retry: {}", e.toString());
        }
    }

    private void recoverOne(JdbcPayments.Recoverable leased) {
        String result;
        try {
            result = switch (provider.charge(leased.charge())) {
                case PaymentProvider.Unknown unknown -> {
                    payments.releaseRecovery(leased);
                    yield "still-pending";
                }
                case PaymentProvider.Succeeded succeeded -> settle(leased, succeeded);
                case PaymentProvider.Declined declined -> settle(leased, declined);
            };
        } catch (ProviderUnavailableException e) {
            payments.releaseRecovery(leased);
            result = "failed";
            LOG.warn("Could not recover pending payment {}: {}", leased.id(), e.getMessage());
        }
        recoveries.increment(result);
    }

    private String settle(JdbcPayments.Recoverable leased, PaymentProvider.ProviderOutcome outcome) {
        Optional<Payment> settled = payments.settleRecovered(leased, outcome);
        if (settled.isEmpty()) {
            LOG.warn("Pending payment {}: lease lost or settled meanwhile; its settlement is left to the holder",
                    leased.id());
            return "lease-lost";
        }
        LOG.info("Recovered pending payment {}: {}", leased.id(), settled.get().status());
        return settled.get().status();
    }
}
