package dev.cachegate.idempotency;

import java.util.UUID;

/** The work one idempotency claim protects. */
@FunctionalInterface
public interface IdempotentOperation {

    /**
     * Runs the operation. It may run more than once for one claim (after its first runner died), so everything it
     * does must itself be keyed by {@code claimId}: the payment row is unique per claim and the provider deduplicates
     * charges by it.
     *
     * @param claimId stable for the claim across takeovers
     * @return the response to store and replay
     * @throws RuntimeException to store nothing: the claim is released and a retry runs the operation again
     */
    StoredResponse run(UUID claimId);
}
