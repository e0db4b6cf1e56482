package dev.cachegate.payments.internal;

import dev.cachegate.payments.Payment;
import dev.cachegate.payments.PaymentProvider;
import dev.cachegate.payments.PaymentRequest;
import dev.cachegate.routing.Databases;
import dev.cachegate.routing.Lsn;
import dev.cachegate.routing.ReadRouter;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.HexFormat;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/** Payments in PostgreSQL: one row per idempotency claim, enforced by a unique constraint. */
@Singleton
public final class JdbcPayments {

    private static final String COLUMNS = "id, status, amount_cents, currency, description, created_at";
    private static final String CREATE = """
            INSERT INTO payments (id, principal, claim_id, amount_cents, currency, source, description, status)
            VALUES (?, ?, ?, ?, ?, ?, ?, 'pending')
            ON CONFLICT (claim_id) DO NOTHING
            """;
    private static final String BY_CLAIM = "SELECT " + COLUMNS + " FROM payments WHERE claim_id = ?";
    private static final String SETTLE = """
            UPDATE payments SET status = ?, provider_charge = ?, decline_reason = ?, updated_at = now()
             WHERE id = ? AND status = 'pending'
            """;
    private static final String BY_ID = "SELECT " + COLUMNS + " FROM payments WHERE id = ?";
    private static final String OWNED = "SELECT " + COLUMNS + " FROM payments WHERE id = ? AND principal = ?";
    private static final String DISCARD = "DELETE FROM payments WHERE id = ? AND status = 'pending'";

    private final DataSource primary;
    private final ReadRouter router;

    JdbcPayments(ReadRouter router) {
        this.router = router;
        this.primary = router.primary();
    }

    /**
     * @return the claim's payment: created now as {@code pending}, or the one an earlier holder created
     */
    public Payment createPending(UUID claimId, String principal, PaymentRequest request) {
        return Databases.query(primary, Databases.PRIMARY, connection -> {
            try (PreparedStatement create = connection.prepareStatement(CREATE)) {
                create.setString(1, "pay_" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong())
                        + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt()));
                create.setString(2, principal);
                create.setObject(3, claimId);
                create.setLong(4, request.amountCents());
                create.setString(5, request.currency());
                create.setString(6, request.source());
                create.setString(7, request.description());
                create.executeUpdate();
            }
            return one(connection, BY_CLAIM, claimId).orElseThrow();
        });
    }

    /** Records the provider's answer on a pending payment; a settled payment is left as it is. */
    public Payment settle(String id, PaymentProvider.ProviderOutcome outcome) {
        return Databases.query(primary, Databases.PRIMARY, connection -> settle(connection, id, outcome));
    }

    static Payment settle(Connection connection, String id, PaymentProvider.ProviderOutcome outcome)
            throws SQLException {
        try (PreparedStatement settle = connection.prepareStatement(SETTLE)) {
            switch (outcome) {
                case PaymentProvider.Succeeded succeeded -> {
                    settle.setString(1, "succeeded");
                    settle.setString(2, succeeded.chargeId());
                    settle.setString(3, null);
                }
                case PaymentProvider.Declined declined -> {
                    settle.setString(1, "declined");
                    settle.setString(2, null);
                    settle.setString(3, declined.reason());
                }
                case PaymentProvider.TimedOut timedOut -> throw new IllegalArgumentException("nothing to settle");
            }
            settle.setString(4, id);
            settle.executeUpdate();
        }
        return one(connection, BY_ID, id).orElseThrow();
    }

    /** Deletes a pending payment whose provider call failed before charging anything. */
    public void discardPending(String id) {
        Databases.query(primary, Databases.PRIMARY, connection -> {
            try (PreparedStatement discard = connection.prepareStatement(DISCARD)) {
                discard.setString(1, id);
                return discard.executeUpdate();
            }
        });
    }

    /**
     * @param token the reader's causal token, or null
     * @return the payment if it exists and belongs to {@code principal}
     */
    public Optional<Payment> find(String id, String principal, @Nullable Lsn token) {
        return router.read(token, connection -> {
            try (PreparedStatement owned = connection.prepareStatement(OWNED)) {
                owned.setString(1, id);
                owned.setString(2, principal);
                return read(owned);
            }
        });
    }

    private static Optional<Payment> one(Connection connection, String sql, Object key) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setObject(1, key);
            return read(statement);
        }
    }

    private static Optional<Payment> read(PreparedStatement statement) throws SQLException {
        try (ResultSet row = statement.executeQuery()) {
            if (!row.next()) {
                return Optional.empty();
            }
            return Optional.of(new Payment(row.getString(1), row.getString(2), row.getLong(3), row.getString(4),
                    row.getString(5), row.getObject(6, OffsetDateTime.class).toInstant()));
        }
    }
}
