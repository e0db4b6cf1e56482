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

/** Requests and ledger counts shared by the payment tests. */
final class PaymentsTesting {

    static final String BODY = "{\"amountCents\": 1299, \"currency\": \"EUR\", \"source\": \"tok_visa\", "
            + "\"description\": \"order 1234\"}";

    private PaymentsTesting() {
    }

    static HttpResponse<String> post(URI base, String apiKey, String idempotencyKey, String body) {
        return Http.send(HttpRequest.newBuilder(base.resolve("/payments"))
                .header("Authorization", "Bearer " + apiKey).header("Idempotency-Key", idempotencyKey)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    /** Payment rows created under these idempotency keys. */
    static long payments(List<String> keys) throws SQLException {
        return count("SELECT count(*) FROM payments p JOIN idempotency_keys k ON k.claim_id = p.claim_id "
                + "WHERE k.idem_key = ANY(?)", keys);
    }

    /** Charges the provider recorded for these idempotency keys. */
    static long providerCharges(List<String> keys) throws SQLException {
        return count("SELECT count(*) FROM provider_simulator_charges c JOIN idempotency_keys k "
                + "ON c.idempotency_key = k.claim_id::text WHERE k.idem_key = ANY(?)", keys);
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
