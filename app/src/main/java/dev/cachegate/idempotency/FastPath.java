package dev.cachegate.idempotency;

import io.micronaut.serde.annotation.Serdeable;

import java.util.Optional;

/**
 * A shortcut in front of the {@link ClaimStore}: completed responses only, replayed without asking the store. It is
 * never a guard: an in-flight key has no entry here, and a missing entry only sends the request to the store.
 *
 * <p>Failure policy: implementations never throw; a failure reads as "unknown" and the claim store decides.
 */
public interface FastPath {

    /**
     * What the fast path knows of a key.
     *
     * @param fingerprint the request's fingerprint
     * @param response    the stored response
     */
    @Serdeable
    record Known(String fingerprint, StoredResponse response) {
    }

    /**
     * @param principal the caller
     * @param key       the key
     * @return the completed response, if the fast path has one and answers
     */
    Optional<Known> find(String principal, String key);

    /**
     * Remembers a completed response for the retention period.
     *
     * @param principal   the caller
     * @param key         the key
     * @param fingerprint the request's fingerprint
     * @param response    the stored response
     */
    void completed(String principal, String key, String fingerprint, StoredResponse response);
}
