package dev.cachegate.idempotency;

import dev.cachegate.auth.Principal;
import dev.cachegate.idempotency.internal.JdbcClaims;
import dev.cachegate.idempotency.internal.RedisFastPath;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Optional;

/**
 * Runs an operation once per (principal, {@code Idempotency-Key}), however often and however concurrently a client
 * sends it, on whichever instance.
 *
 * <p>Design: PostgreSQL is the guard. A claim row is inserted atomically ({@code INSERT … ON CONFLICT}); its holder
 * has a lease; only the holder may complete it, storing the response for replay; a holder that dies leaves a lease
 * that expires, after which a retry takes the claim over and runs the operation again, which is safe because the
 * operation is keyed by the claim (a unique payment row, the provider's own deduplication). Redis is a fast path in
 * front of it — completed responses only — and never the only guard: with Redis down every request
 * goes to PostgreSQL and stays exactly-once.
 *
 * <p>Failure policy: fail closed. If PostgreSQL cannot be reached the request gets a 503 and nothing runs.
 */
@Singleton
public final class Idempotency {

    private static final Logger LOG = LoggerFactory.getLogger(Idempotency.class);
    private static final long WAIT_POLL_MILLIS = 25;

    private final JdbcClaims claims;
    private final RedisFastPath fastPath;
    private final IdempotencyConfig config;
    private final MeterRegistry meters;

    Idempotency(JdbcClaims claims, RedisFastPath fastPath, IdempotencyConfig config, MeterRegistry meters) {
        this.claims = claims;
        this.fastPath = fastPath;
        this.config = config;
        this.meters = meters;
    }

    /**
     * @param principal   the caller; keys are scoped to it
     * @param key         the client's key
     * @param fingerprint the request's fingerprint ({@link Fingerprints})
     * @param operation   the work, run at most once to completion per claim
     * @return the response, executed now or replayed
     * @throws IdempotencyConflictException 422 for the key used with another request, 409 while it is in flight
     */
    public IdempotentResult execute(Principal principal, IdempotencyKey key, String fingerprint,
                                    IdempotentOperation operation) {
        String owner = principal.id();
        Optional<RedisFastPath.Known> known = fastPath.find(owner, key.value());
        if (known.isPresent()) {
            if (!known.get().fingerprint().equals(fingerprint)) {
                throw count("mismatch", IdempotencyConflictException.mismatch(key));
            }
            return replay(known.get().response());
        }
        long waitUntil = System.nanoTime() + config.waitForInFlight().toNanos();
        while (true) {
            JdbcClaims.Claim claim = claims.claim(owner, key.value(), fingerprint);
            switch (claim) {
                case JdbcClaims.Owned owned -> {
                    return run(owner, key, fingerprint, owned, operation);
                }
                case JdbcClaims.Existing existing when !existing.fingerprint().equals(fingerprint) ->
                        throw count("mismatch", IdempotencyConflictException.mismatch(key));
                case JdbcClaims.Existing existing when existing.completed() != null -> {
                    fastPath.completed(owner, key.value(), fingerprint, existing.completed());
                    return replay(existing.completed());
                }
                case JdbcClaims.Existing inFlight -> {
                    if (System.nanoTime() >= waitUntil) {
                        throw count("conflict", IdempotencyConflictException.inFlight(key, config.retryAfter()));
                    }
                    pause();
                }
                case JdbcClaims.Absent absent -> LOG.debug("Key {} of {} vanished while claiming; retrying",
                        key.value(), owner);
            }
        }
    }

    private IdempotentResult run(String owner, IdempotencyKey key, String fingerprint, JdbcClaims.Owned claim,
                                 IdempotentOperation operation) {
        if (claim.takeover()) {
            LOG.warn("Taking over Idempotency-Key '{}' of {}: its previous holder's lease expired", key.value(), owner);
            meters.counter("cachegate.idempotency.takeovers").increment();
        }
        StoredResponse response;
        try {
            response = operation.run(claim.claimId());
        } catch (RuntimeException e) {
            claims.release(owner, key.value(), claim.leaseToken());
            meters.counter("cachegate.idempotency.requests", "outcome", "failed").increment();
            throw e;
        }
        if (!claims.complete(owner, key.value(), claim.leaseToken(), response)) {
            LOG.warn("Lost the claim on Idempotency-Key '{}' of {} to a takeover; answering with the stored result",
                    key.value(), owner);
            if (claims.find(owner, key.value()) instanceof JdbcClaims.Existing existing
                    && existing.completed() != null) {
                return replay(existing.completed());
            }
            throw count("conflict", IdempotencyConflictException.inFlight(key, config.retryAfter()));
        }
        fastPath.completed(owner, key.value(), fingerprint, response);
        meters.counter("cachegate.idempotency.requests", "outcome", "executed").increment();
        return new IdempotentResult(response, false);
    }

    /** Counts a request refused before any idempotency work, e.g. for a missing key or an invalid body. */
    public void rejected() {
        meters.counter("cachegate.idempotency.requests", "outcome", "rejected").increment();
    }

    private IdempotentResult replay(StoredResponse response) {
        meters.counter("cachegate.idempotency.requests", "outcome", "replayed").increment();
        return new IdempotentResult(response, true);
    }

    private IdempotencyConflictException count(String outcome, IdempotencyConflictException e) {
        meters.counter("cachegate.idempotency.requests", "outcome", outcome).increment();
        return e;
    }

    private static void pause() {
        try {
            Thread.sleep(WAIT_POLL_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for an in-flight request", e);
        }
    }
}
