package dev.cachegate.idempotency;

import io.micronaut.core.annotation.Nullable;

import java.util.UUID;

/**
 * The guard of idempotency: one claim per (principal, key), taken atomically, held under a lease, completed only by
 * the lease's current holder. {@link Idempotency} asks it on every request the {@link FastPath} cannot answer.
 *
 * <p>Failure policy: implementations throw when the store cannot be reached; nothing runs without a claim.
 */
public interface ClaimStore {

    /** What a claim attempt found. */
    sealed interface Claim permits Owned, Existing, Absent {
    }

    /**
     * This request holds the claim.
     *
     * @param claimId    stable across takeovers
     * @param leaseToken proves the holding
     * @param takeover   whether an expired holder's claim was taken over
     */
    record Owned(UUID claimId, UUID leaseToken, boolean takeover) implements Claim {
    }

    /**
     * Another request holds or held the key.
     *
     * @param fingerprint its request's fingerprint
     * @param completed   its stored response, or null while it is in progress
     */
    record Existing(String fingerprint, @Nullable StoredResponse completed) implements Claim {
    }

    /** The row vanished between the attempt and the look (reaped): try again. */
    record Absent() implements Claim {
    }

    /**
     * Claims the key for this request, takes over an expired or released claim, or reports who holds it.
     *
     * @param principal   the caller
     * @param key         the key
     * @param fingerprint the request's fingerprint
     * @return the outcome
     */
    Claim claim(String principal, String key, String fingerprint);

    /**
     * @param principal the caller
     * @param key       the key
     * @return what the key holds now
     */
    Claim find(String principal, String key);

    /**
     * Stores the response and ends the claim.
     *
     * @param principal  the caller
     * @param key        the key
     * @param leaseToken the holder's token from {@link Owned}
     * @param response   the response to replay
     * @return whether this holder completed the claim; false when it had lost its lease to a takeover
     */
    boolean complete(String principal, String key, UUID leaseToken, StoredResponse response);

    /**
     * Gives the claim up without a response, so that the next retry takes it over at once.
     *
     * @param principal  the caller
     * @param key        the key
     * @param leaseToken the holder's token from {@link Owned}
     */
    void release(String principal, String key, UUID leaseToken);
}
