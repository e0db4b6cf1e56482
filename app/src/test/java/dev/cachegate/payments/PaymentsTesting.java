package dev.cachegate.payments;

import dev.cachegate.testinfra.Http;
import dev.cachegate.testinfra.SharedInfrastructure;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.UUID;

/** Requests and ledger counts shared by the payment tests. */
public final class PaymentsTesting {

    public static final String BODY = "{\"amountCents\": 1299, \"currency\": \"EUR\", \"source\": \"tok_visa\", "
            + "\"description\": \"order 1234\"}";

    private PaymentsTesting() {
    }

    public static HttpResponse<String> post(URI base, String apiKey, String idempotencyKey, String body) {
        return Http.send(HttpRequest.newBuilder(base.resolve("/payments"))
                .header("Authorization", "Bearer " + apiKey).header("Idempotency-Key", idempotencyKey)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    /** Payment rows created under these idempotency keys. */
    public static long payments(List<String> keys) throws SQLException {
        return count("SELECT count(*) FROM payments p JOIN idempotency_keys k ON k.claim_id = p.claim_id "
                + "WHERE k.idem_key = ANY(?)", keys);
    }

    /** Charges the provider recorded for these idempotency keys. */
    public static long providerCharges(List<String> keys) throws SQLException {
        return count("SELECT count(*) FROM provider_simulator_charges c JOIN idempotency_keys k "
                + "ON c.idempotency_key = k.claim_id::text WHERE k.idem_key = ANY(?)", keys);
    }

    /** The most provider charges any one of these idempotency keys has (0 for none). */
    public static long maxChargesPerKey(List<String> keys) throws SQLException {
        return count("SELECT coalesce(max(n), 0) FROM (SELECT count(*) n FROM provider_simulator_charges c "
                + "JOIN idempotency_keys k ON c.idempotency_key = k.claim_id::text WHERE k.idem_key = ANY(?) "
                + "GROUP BY k.idem_key) per_key", keys);
    }

    /**
     * Inserts a payment left {@code pending} long ago, with no idempotency key, as a request whose provider outcome
     * was unknown leaves it; being the oldest, it is the next one a recoverer leases.
     *
     * @param lastTouched its {@code updated_at}, e.g. {@code 2000-01-01}
     * @return its claim id, which is the provider's idempotency key
     */
    static UUID insertPending(String paymentId, String lastTouched) throws SQLException {
        UUID claimId = UUID.randomUUID();
        try (Connection primary = SharedInfrastructure.primary(); PreparedStatement insert = primary.prepareStatement(
                "INSERT INTO payments (id, principal, claim_id, amount_cents, currency, source, status, updated_at) "
                        + "VALUES (?, 'apikey:recovery-test', ?, 1299, 'EUR', 'tok_visa', 'pending', ?::timestamptz)")) {
            insert.setString(1, paymentId);
            insert.setObject(2, claimId);
            insert.setString(3, lastTouched);
            insert.executeUpdate();
        }
        return claimId;
    }

    /** @return the payment's status, or null when there is no such payment */
    static String status(String paymentId) throws SQLException {
        try (Connection primary = SharedInfrastructure.primary();
             PreparedStatement query = primary.prepareStatement("SELECT status FROM payments WHERE id = ?")) {
            query.setString(1, paymentId);
            try (ResultSet row = query.executeQuery()) {
                return row.next() ? row.getString(1) : null;
            }
        }
    }

    /**
     * The provider's ledger for one idempotency key.
     *
     * @param charges how many charges it holds (0 or 1)
     * @param calls   how many times the provider was asked with the key
     */
    record Ledger(long charges, long calls) {
    }

    static Ledger ledger(UUID claimId) throws SQLException {
        try (Connection primary = SharedInfrastructure.primary(); PreparedStatement query = primary.prepareStatement(
                "SELECT count(*), coalesce(sum(calls), 0) FROM provider_simulator_charges WHERE idempotency_key = ?")) {
            query.setString(1, claimId.toString());
            try (ResultSet row = query.executeQuery()) {
                row.next();
                return new Ledger(row.getLong(1), row.getLong(2));
            }
        }
    }

    private static long count(String sql, List<String> keys) throws SQLException {
        try (Connection primary = SharedInfrastructure.primary(); PreparedStatement query = primary.prepareStatement(sql)) {
            Array array = primary.createArrayOf("text", keys.toArray());
            query.setArray(1, array);
            try (ResultSet row = query.executeQuery()) {
                row.next();
                return row.getLong(1);
            }
        }
    }
}
