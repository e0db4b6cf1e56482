package dev.cachegate.idempotency;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.Queue;
import java.util.UUID;

/**
 * The claim rules of {@code JdbcClaims} over a map, with leases on a {@link FakeTicker}: a claim is taken over when
 * its lease has expired and the request is the same, or by any request once released; only the current lease holder
 * completes it.
 */
final class InMemoryClaimStore implements ClaimStore {

    private static final class Row {
        UUID claimId = UUID.randomUUID();
        String fingerprint;
        UUID leaseToken;
        long leaseExpiresAt;
        StoredResponse completed;
    }

    private final Map<String, Row> rows = new HashMap<>();
    private final Queue<Claim> scripted = new ArrayDeque<>();
    private final FakeTicker ticker;
    private final Duration lease;
    int claims;
    int releases;

    InMemoryClaimStore(FakeTicker ticker, Duration lease) {
        this.ticker = ticker;
        this.lease = lease;
    }

    /** The next {@link #claim} answers this instead of looking, e.g. an {@link Absent} for a row reaped meanwhile. */
    void answerNextClaimWith(Claim claim) {
        scripted.add(claim);
    }

    @Override
    public synchronized Claim claim(String principal, String key, String fingerprint) {
        claims++;
        if (!scripted.isEmpty()) {
            return scripted.remove();
        }
        UUID token = UUID.randomUUID();
        Row row = rows.get(id(principal, key));
        if (row == null) {
            row = new Row();
            row.fingerprint = fingerprint;
            row.leaseToken = token;
            row.leaseExpiresAt = ticker.read() + lease.toNanos();
            rows.put(id(principal, key), row);
            return new Owned(row.claimId, token, false);
        }
        boolean expired = row.completed == null && row.leaseExpiresAt < ticker.read();
        if (expired && (row.fingerprint.equals(fingerprint) || row.leaseToken == null)) {
            if (!row.fingerprint.equals(fingerprint)) {
                row.claimId = UUID.randomUUID();
                row.fingerprint = fingerprint;
            }
            row.leaseToken = token;
            row.leaseExpiresAt = ticker.read() + lease.toNanos();
            return new Owned(row.claimId, token, true);
        }
        return new Existing(row.fingerprint, row.completed);
    }

    @Override
    public synchronized Claim find(String principal, String key) {
        Row row = rows.get(id(principal, key));
        return row == null ? new Absent() : new Existing(row.fingerprint, row.completed);
    }

    @Override
    public synchronized boolean complete(String principal, String key, UUID leaseToken, StoredResponse response) {
        Row row = rows.get(id(principal, key));
        if (row == null || !leaseToken.equals(row.leaseToken)) {
            return false;
        }
        row.completed = response;
        row.leaseToken = null;
        return true;
    }

    @Override
    public synchronized void release(String principal, String key, UUID leaseToken) {
        releases++;
        Row row = rows.get(id(principal, key));
        if (row != null && row.completed == null && leaseToken.equals(row.leaseToken)) {
            row.leaseToken = null;
            row.leaseExpiresAt = ticker.read() - 1;
        }
    }

    /** Deletes the key, as the reaper does once its retention has passed. */
    synchronized void reap(String principal, String key) {
        rows.remove(id(principal, key));
    }

    private static String id(String principal, String key) {
        return principal + "\n" + key;
    }
}
