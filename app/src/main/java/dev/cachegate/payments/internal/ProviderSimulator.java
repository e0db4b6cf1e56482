package dev.cachegate.payments.internal;

import dev.cachegate.payments.PaymentProvider;
import dev.cachegate.payments.PaymentsConfig;
import dev.cachegate.payments.ProviderSimulatorConfig;
import dev.cachegate.payments.ProviderUnavailableException;
import dev.cachegate.routing.Databases;
import jakarta.inject.Named;
import jakarta.inject.Singleton;

import javax.sql.DataSource;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A payment provider for demos and tests: a ledger of charges with one row per idempotency key (kept in the
 * primary's {@code provider_simulator_charges} table, standing in for the provider's own database), and injectable
 * faults. A fault injected as a timeout records a new charge and then answers late, and one injected as an error after
 * the charge records it and then fails: the cases that make a real integration hard, money moved, answer lost; asked
 * again with the same key, it answers at once with that charge. Only the error-rate fault throws
 * {@link ProviderUnavailableException}, because only it fails before anything is recorded.
 */
@Singleton
final class ProviderSimulator implements PaymentProvider {

    /** The source token that is always declined, whatever the configured rates. */
    static final String DECLINED_SOURCE = "tok_chargeDeclined";

    private static final String RECORD = """
            INSERT INTO provider_simulator_charges AS c (idempotency_key, charge_id, amount_cents, currency, source,
                                                         outcome, decline_reason)
            VALUES (?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (idempotency_key) DO UPDATE SET calls = c.calls + 1
            RETURNING outcome, charge_id, decline_reason, (xmax = 0) AS fresh
            """;

    private final DataSource ledger;
    private final ProviderSimulatorConfig faults;
    private final Duration lateAnswer;

    ProviderSimulator(@Named(Databases.PRIMARY) DataSource ledger, ProviderSimulatorConfig faults,
                      PaymentsConfig payments) {
        this.ledger = ledger;
        this.faults = faults;
        this.lateAnswer = payments.providerTimeout().multipliedBy(2);
    }

    @Override
    public ProviderOutcome charge(Charge charge) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        if (random.nextDouble() < faults.errorRate()) {
            throw new ProviderUnavailableException("the payment provider failed the call (simulated)", null);
        }
        boolean decline = DECLINED_SOURCE.equals(charge.source()) || random.nextDouble() < faults.declineRate();
        boolean[] newCharge = new boolean[1];
        ProviderOutcome outcome = Databases.query(ledger, "provider", connection -> {
            try (PreparedStatement record = connection.prepareStatement(RECORD)) {
                record.setString(1, charge.idempotencyKey());
                record.setString(2, "ch_" + HexFormat.of().toHexDigits(random.nextLong()));
                record.setLong(3, charge.amountCents());
                record.setString(4, charge.currency());
                record.setString(5, charge.source());
                record.setString(6, decline ? "declined" : "succeeded");
                record.setString(7, decline ? "card_declined" : null);
                try (ResultSet row = record.executeQuery()) {
                    row.next();
                    newCharge[0] = row.getBoolean(4);
                    return "succeeded".equals(row.getString(1)) ? new Succeeded(row.getString(2))
                            : new Declined(row.getString(3));
                }
            }
        });
        pause(faults.latency());
        if (newCharge[0] && random.nextDouble() < faults.timeoutRate()) {
            pause(lateAnswer);
        }
        if (newCharge[0] && random.nextDouble() < faults.errorAfterChargeRate()) {
            throw new IllegalStateException("the payment provider failed after recording the charge (simulated)");
        }
        return outcome;
    }

    private static void pause(Duration duration) {
        if (duration.isZero()) {
            return;
        }
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the payment provider's answer", e);
        }
    }
}
