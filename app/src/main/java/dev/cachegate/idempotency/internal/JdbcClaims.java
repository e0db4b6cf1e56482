package dev.cachegate.idempotency.internal;

import dev.cachegate.idempotency.ClaimStore;
import dev.cachegate.idempotency.IdempotencyConfig;
import dev.cachegate.idempotency.StoredResponse;
import dev.cachegate.routing.Databases;
import io.micronaut.core.type.Argument;
import io.micronaut.json.JsonMapper;
import jakarta.inject.Named;
import jakarta.inject.Singleton;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * Claims in PostgreSQL, the source of truth: one row per (principal, key), claimed atomically with
 * {@code INSERT … ON CONFLICT}, taken over when its holder's lease has expired and the request is the same, or by
 * any request once its holder released it (the operation failed before any effect, e.g. the provider's 503, so a
 * corrected request may use the key; it gets a new claim id), and completed only by the lease's current holder. A
 * claim whose holder died keeps its request: what it did is unknown until recovery settles it.
 */
@Singleton
final class JdbcClaims implements ClaimStore {

    private static final String CLAIM = """
            INSERT INTO idempotency_keys (principal, idem_key, claim_id, fingerprint, state, lease_token,
                                          lease_expires_at, expires_at)
            VALUES (?, ?, ?, ?, 'in_progress', ?, now() + ? * interval '1 millisecond',
                    now() + ? * interval '1 millisecond')
            ON CONFLICT (principal, idem_key) DO UPDATE
               SET lease_token = EXCLUDED.lease_token, lease_expires_at = EXCLUDED.lease_expires_at, updated_at = now(),
                   claim_id = CASE WHEN idempotency_keys.fingerprint = EXCLUDED.fingerprint
                                   THEN idempotency_keys.claim_id ELSE EXCLUDED.claim_id END,
                   fingerprint = EXCLUDED.fingerprint
             WHERE idempotency_keys.state = 'in_progress' AND idempotency_keys.lease_expires_at < now()
               AND (idempotency_keys.fingerprint = EXCLUDED.fingerprint OR idempotency_keys.lease_token IS NULL)
            RETURNING claim_id, (xmax = 0) AS fresh
            """;
    private static final String FIND = """
            SELECT fingerprint, state, response_status, response_headers, response_body
              FROM idempotency_keys WHERE principal = ? AND idem_key = ?
            """;
    private static final String COMPLETE = """
            UPDATE idempotency_keys
               SET state = 'completed', response_status = ?, response_headers = ?, response_body = ?,
                   lease_token = NULL, lease_expires_at = NULL, updated_at = now()
             WHERE principal = ? AND idem_key = ? AND lease_token = ?
            """;
    private static final String RELEASE = """
            UPDATE idempotency_keys SET lease_token = NULL, lease_expires_at = now() - interval '1 millisecond',
                   updated_at = now()
             WHERE principal = ? AND idem_key = ? AND lease_token = ? AND state = 'in_progress'
            """;
    private static final String REAP = """
            DELETE FROM idempotency_keys WHERE ctid IN (
                SELECT ctid FROM idempotency_keys WHERE expires_at < now() AND state = 'completed'
                 LIMIT ? FOR UPDATE SKIP LOCKED)
            """;

    private final DataSource primary;
    private final IdempotencyConfig config;
    private final JsonMapper json;

    JdbcClaims(@Named(Databases.PRIMARY) DataSource primary, IdempotencyConfig config, JsonMapper json) {
        this.primary = primary;
        this.config = config;
        this.json = json;
    }

    @Override
    public Claim claim(String principal, String key, String fingerprint) {
        UUID token = UUID.randomUUID();
        return Databases.query(primary, Databases.PRIMARY, connection -> {
            try (PreparedStatement claim = connection.prepareStatement(CLAIM)) {
                claim.setString(1, principal);
                claim.setString(2, key);
                claim.setObject(3, UUID.randomUUID());
                claim.setString(4, fingerprint);
                claim.setObject(5, token);
                claim.setLong(6, config.lease().toMillis());
                claim.setLong(7, config.retention().toMillis());
                try (ResultSet row = claim.executeQuery()) {
                    if (row.next()) {
                        return new Owned(row.getObject(1, UUID.class), token, !row.getBoolean(2));
                    }
                }
            }
            return find(connection, principal, key);
        });
    }

    @Override
    public Claim find(String principal, String key) {
        return Databases.query(primary, Databases.PRIMARY, connection -> find(connection, principal, key));
    }

    private Claim find(Connection connection, String principal, String key) throws SQLException {
        try (PreparedStatement find = connection.prepareStatement(FIND)) {
            find.setString(1, principal);
            find.setString(2, key);
            try (ResultSet row = find.executeQuery()) {
                if (!row.next()) {
                    return new Absent();
                }
                StoredResponse completed = "completed".equals(row.getString(2))
                        ? new StoredResponse(row.getInt(3), headers(row.getString(4)), row.getString(5)) : null;
                return new Existing(row.getString(1), completed);
            }
        }
    }

    @Override
    public boolean complete(String principal, String key, UUID leaseToken, StoredResponse response) {
        return Databases.query(primary, Databases.PRIMARY, connection -> {
            try (PreparedStatement complete = connection.prepareStatement(COMPLETE)) {
                complete.setInt(1, response.status());
                complete.setString(2, new String(json.writeValueAsBytes(response.headers()), StandardCharsets.UTF_8));
                complete.setString(3, response.body());
                complete.setString(4, principal);
                complete.setString(5, key);
                complete.setObject(6, leaseToken);
                return complete.executeUpdate() == 1;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    @Override
    public void release(String principal, String key, UUID leaseToken) {
        Databases.query(primary, Databases.PRIMARY, connection -> {
            try (PreparedStatement release = connection.prepareStatement(RELEASE)) {
                release.setString(1, principal);
                release.setString(2, key);
                release.setObject(3, leaseToken);
                return release.executeUpdate();
            }
        });
    }

    /**
     * Deletes up to {@code batch} completed keys past their retention; concurrent reapers skip each other's rows.
     *
     * @return how many were deleted
     */
    public int reap(int batch) {
        return Databases.query(primary, Databases.PRIMARY, connection -> {
            try (PreparedStatement reap = connection.prepareStatement(REAP)) {
                reap.setInt(1, batch);
                return reap.executeUpdate();
            }
        });
    }

    private Map<String, String> headers(String stored) {
        try {
            return json.readValue(stored, Argument.mapOf(String.class, String.class));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
