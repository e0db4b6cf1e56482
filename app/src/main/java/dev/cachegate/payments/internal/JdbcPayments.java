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
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.HexFormat;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Payments in PostgreSQL: one row per idempotency claim, enforced by a unique constraint. A {@code pending} payment is
 * recovered under a lease ({@code recovery_lease}, {@code recovery_lease_until}) taken in a statement of its own, so no
 * row stays locked while the provider is asked, and settled by a recoverer only while it still holds that lease.
 */
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
            UPDATE payments SET status = ?, provider_charge = ?, decline_reason = ?, updated_at = now(),
                   recovery_lease = NULL, recovery_lease_until = NULL
             WHERE id = ? AND status = 'pending'
            """;
    private static final String SETTLE_LEASED = SETTLE + " AND recovery_lease = ?";
    private static final String CLAIM_FOR_RECOVERY = """
            UPDATE payments SET recovery_lease = ?, recovery_lease_until = now() + ? * interval '1 millisecond'
             WHERE id = (SELECT id FROM payments
                          WHERE status = 'pending' AND updated_at < now() - ? * interval '1 millisecond'
                            AND (recovery_lease_until IS NULL OR recovery_lease_until < now())
                          ORDER BY updated_at LIMIT 1 FOR UPDATE SKIP LOCKED)
            RETURNING id, claim_id, amount_cents, currency, source
            """;
    private static final String RELEASE_RECOVERY = """
            UPDATE payments SET updated_at = now(), recovery_lease = NULL, recovery_lease_until = NULL
             WHERE id = ? AND recovery_lease = ?
            """;
    private static final String BY_ID = "SELECT " + COLUMNS + " FROM payments WHERE id = ?";
    private static final String OWNED = "SELECT " + COLUMNS + " FROM payments WHERE id = ? AND principal = ?";
    private static final String DISCARD =
            "DELETE FROM payments WHERE id = ? AND status = 'pending' AND recovery_lease IS NULL";

    private final DataSource primary;
    private final ReadRouter router;

    JdbcPayments(ReadRouter router) {
        this.router = router;
        this.primary = router.primary();
    }

    /**
     * The claim's payment.
     *
     * @param payment the payment
     * @param created whether this call created it; if not, an earlier holder of the claim did and may have charged
     */
    public record Pending(Payment payment, boolean created) {
    }

    /**
     * A pending payment a recoverer holds the lease of.
     *
     * @param id     the payment
     * @param lease  the lease token, which its settlement must still carry
     * @param charge the charge to ask the provider about again, under the payment's own idempotency key
     */
    record Recoverable(String id, UUID lease, PaymentProvider.Charge charge) {
    }

    /**
     * @return the claim's payment: created now as {@code pending}, or the one an earlier holder created
     */
    public Pending createPending(UUID claimId, String principal, PaymentRequest request) {
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
                boolean created = create.executeUpdate() == 1;
                return new Pending(one(connection, BY_CLAIM, claimId).orElseThrow(), created);
            }
        });
    }

    /** Records the provider's answer on a pending payment; a settled payment is left as it is. */
    public Payment settle(String id, PaymentProvider.ProviderOutcome outcome) {
        return Databases.query(primary, Databases.PRIMARY, connection -> {
            try (PreparedStatement settle = connection.prepareStatement(SETTLE)) {
                bindSettlement(settle, id, outcome);
                settle.executeUpdate();
            }
            return one(connection, BY_ID, id).orElseThrow();
        });
    }

    /**
     * Leases the oldest pending payment not asked about for {@code after} and not leased by another recoverer, in one
     * statement (its own short transaction).
     *
     * @param after how long a payment must have been left alone
     * @param lease how long the lease lasts
     * @return the leased payment, or empty when there is none to recover
     */
    Optional<Recoverable> leaseForRecovery(Duration after, Duration lease) {
        UUID token = UUID.randomUUID();
        return Databases.query(primary, Databases.PRIMARY, connection -> {
            try (PreparedStatement claim = connection.prepareStatement(CLAIM_FOR_RECOVERY)) {
                claim.setObject(1, token);
                claim.setLong(2, lease.toMillis());
                claim.setLong(3, after.toMillis());
                try (ResultSet row = claim.executeQuery()) {
                    if (!row.next()) {
                        return Optional.empty();
                    }
                    return Optional.of(new Recoverable(row.getString(1), token, new PaymentProvider.Charge(
                            row.getObject(2, UUID.class).toString(), row.getLong(3), row.getString(4),
                            row.getString(5))));
                }
            }
        });
    }

    /**
     * @return the settled payment, or empty when the lease was lost (it expired and another recoverer took the
     *         payment) or the payment was settled meanwhile
     */
    Optional<Payment> settleRecovered(Recoverable leased, PaymentProvider.ProviderOutcome outcome) {
        return Databases.query(primary, Databases.PRIMARY, connection -> {
            try (PreparedStatement settle = connection.prepareStatement(SETTLE_LEASED)) {
                bindSettlement(settle, leased.id(), outcome);
                settle.setObject(5, leased.lease());
                if (settle.executeUpdate() == 0) {
                    return Optional.empty();
                }
            }
            return one(connection, BY_ID, leased.id());
        });
    }

    /** Gives a leased payment back unsettled, to be asked about again after {@code recovery-after}. */
    void releaseRecovery(Recoverable leased) {
        Databases.query(primary, Databases.PRIMARY, connection -> {
            try (PreparedStatement release = connection.prepareStatement(RELEASE_RECOVERY)) {
                release.setString(1, leased.id());
                release.setObject(2, leased.lease());
                return release.executeUpdate();
            }
        });
    }

    private static void bindSettlement(PreparedStatement settle, String id, PaymentProvider.ProviderOutcome outcome)
            throws SQLException {
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
            case PaymentProvider.Unknown unknown -> throw new IllegalArgumentException("nothing to settle");
        }
        settle.setString(4, id);
    }

    /**
     * Deletes a pending payment this attempt created and whose provider call definitely charged nothing, unless a
     * recoverer has leased it meanwhile (its own call may have charged).
     *
     * @return whether it was deleted
     */
    public boolean discardPending(String id) {
        return Databases.query(primary, Databases.PRIMARY, connection -> {
            try (PreparedStatement discard = connection.prepareStatement(DISCARD)) {
                discard.setString(1, id);
                return discard.executeUpdate() == 1;
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
