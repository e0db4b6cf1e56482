package dev.cachegate.payments.internal;

import dev.cachegate.payments.PaymentProvider;
import dev.cachegate.payments.PaymentsConfig;
import dev.cachegate.routing.Databases;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.scheduling.annotation.Scheduled;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.UUID;

/**
 * Completes payments left {@code pending} by a provider timeout: asks the provider again with the payment's own
 * idempotency key (so nothing is charged twice) and records the answer. Every instance runs it; {@code FOR UPDATE
 * SKIP LOCKED} gives each a disjoint batch.
 */
@Singleton
final class PaymentRecovery {

    private static final Logger LOG = LoggerFactory.getLogger(PaymentRecovery.class);
    private static final String PENDING = """
            SELECT id, claim_id, amount_cents, currency, source FROM payments
             WHERE status = 'pending' AND updated_at < now() - ? * interval '1 millisecond'
             ORDER BY updated_at LIMIT 50 FOR UPDATE SKIP LOCKED
            """;
    private static final String TOUCH = "UPDATE payments SET updated_at = now() WHERE id = ?";

    private final DataSource primary;
    private final ProviderGuard provider;
    private final PaymentsConfig config;
    private final MeterRegistry meters;

    PaymentRecovery(@Named(Databases.PRIMARY) DataSource primary, ProviderGuard provider, PaymentsConfig config,
                    MeterRegistry meters) {
        this.primary = primary;
        this.provider = provider;
        this.config = config;
        this.meters = meters;
    }

    @Scheduled(fixedDelay = "${cachegate.payments.recovery-interval:5s}", initialDelay = "1s")
    void recover() {
        try {
            Databases.query(primary, Databases.PRIMARY, connection -> {
                connection.setAutoCommit(false);
                try {
                    recoverBatch(connection);
                    connection.commit();
                } catch (RuntimeException | java.sql.SQLException e) {
                    connection.rollback();
                    throw e;
                } finally {
                    connection.setAutoCommit(true);
                }
                return null;
            });
        } catch (RuntimeException e) {
            LOG.warn("Payment recovery failed, will retry: {}", e.toString());
        }
    }

    private void recoverBatch(Connection connection) throws java.sql.SQLException {
        try (PreparedStatement pending = connection.prepareStatement(PENDING)) {
            pending.setLong(1, config.recoveryAfter().toMillis());
            try (ResultSet rows = pending.executeQuery()) {
                while (rows.next()) {
                    String id = rows.getString(1);
                    PaymentProvider.Charge charge = new PaymentProvider.Charge(
                            rows.getObject(2, UUID.class).toString(), rows.getLong(3), rows.getString(4),
                            rows.getString(5));
                    recoverOne(connection, id, charge);
                }
            }
        }
    }

    private void recoverOne(Connection connection, String id, PaymentProvider.Charge charge)
            throws java.sql.SQLException {
        String result;
        try {
            PaymentProvider.ProviderOutcome outcome = provider.charge(charge);
            if (outcome instanceof PaymentProvider.TimedOut) {
                result = "still-pending";
                touch(connection, id);
            } else {
                result = JdbcPayments.settle(connection, id, outcome).status();
                LOG.info("Recovered pending payment {}: {}", id, result);
            }
        } catch (RuntimeException e) {
            result = "failed";
            touch(connection, id);
            LOG.warn("Could not recover pending payment {}: {}", id, e.getMessage());
        }
        meters.counter("cachegate.payments.recoveries", "result", result).increment();
    }

    private static void touch(Connection connection, String id) throws java.sql.SQLException {
        try (PreparedStatement touch = connection.prepareStatement(TOUCH)) {
            touch.setString(1, id);
            touch.executeUpdate();
        }
    }
}
