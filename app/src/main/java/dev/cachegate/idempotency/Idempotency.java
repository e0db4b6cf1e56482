package dev.cachegate.idempotency;

import com.github.benmanes.caffeine.cache.Ticker;
import dev.cachegate.auth.Principal;
import dev.cachegate.metrics.TagCounters;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;
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
 * goes to PostgreSQL and stays exactly-once. The two are seams, {@link ClaimStore} and {@link FastPath}, and time is
 * read from an injected {@link Ticker}, so the decisions here are unit-tested with fakes.
 *
 * <p>Failure policy: fail closed. If PostgreSQL cannot be reached the request gets a 503 and nothing runs.
 */
@Singleton
public final class Idempotency {

    private static final Logger LOG = LoggerFactory.getLogger(Idempotency.class);
    private static final Duration WAIT_POLL = Duration.ofMillis(25);
    private static final List<String> OUTCOMES = List.of("executed", "replayed", "rejected", "failed", "mismatch",
            "conflict");

    /** Waits between two looks at an in-flight claim; tests advance their fake ticker instead of sleeping. */
    @FunctionalInterface
    interface Pause {

        /**
         * @param duration how long to wait
         * @throws InterruptedException when interrupted while waiting
         */
        void pause(Duration duration) throws InterruptedException;
    }

    private final ClaimStore claims;
    private final FastPath fastPath;
    private final IdempotencyConfig config;
    private final TagCounters requests;
    private final Counter takeovers;
    private final Ticker ticker;
    private final Pause pause;

    @Inject
    Idempotency(ClaimStore claims, FastPath fastPath, IdempotencyConfig config, MeterRegistry meters, Ticker ticker) {
        this(claims, fastPath, config, meters, ticker, Thread::sleep);
    }

    Idempotency(ClaimStore claims, FastPath fastPath, IdempotencyConfig config, MeterRegistry meters, Ticker ticker,
                Pause pause) {
        this.claims = claims;
        this.fastPath = fastPath;
        this.config = config;
        this.requests = TagCounters.register(meters, "cachegate.idempotency.requests", "outcome", OUTCOMES);
        this.takeovers = meters.counter("cachegate.idempotency.takeovers");
        this.ticker = ticker;
        this.pause = pause;
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
        Optional<FastPath.Known> known = fastPath.find(owner, key.value());
        if (known.isPresent()) {
            if (!known.get().fingerprint().equals(fingerprint)) {
                throw count("mismatch", IdempotencyConflictException.mismatch(key));
            }
            return replay(known.get().response());
        }
        long waitUntil = ticker.read() + config.waitForInFlight().toNanos();
        while (true) {
            ClaimStore.Claim claim = claims.claim(owner, key.value(), fingerprint);
            switch (claim) {
                case ClaimStore.Owned owned -> {
                    return run(owner, key, fingerprint, owned, operation);
                }
                case ClaimStore.Existing existing when !existing.fingerprint().equals(fingerprint) ->
                        throw count("mismatch", IdempotencyConflictException.mismatch(key));
                case ClaimStore.Existing existing when existing.completed() != null -> {
                    fastPath.completed(owner, key.value(), fingerprint, existing.completed());
                    return replay(existing.completed());
                }
                case ClaimStore.Existing inFlight -> {
                    if (ticker.read() >= waitUntil) {
                        throw count("conflict", IdempotencyConflictException.inFlight(key, config.retryAfter()));
                    }
                    pause();
                }
                case ClaimStore.Absent absent -> LOG.debug("Key {} of {} vanished while claiming; retrying",
                        key.value(), owner);
            }
        }
    }

    private IdempotentResult run(String owner, IdempotencyKey key, String fingerprint, ClaimStore.Owned claim,
                                 IdempotentOperation operation) {
        if (claim.takeover()) {
            LOG.warn("Taking over Idempotency-Key '{}' of {}: its previous holder's lease expired", key.value(), owner);
            takeovers.increment();
        }
        StoredResponse response;
        try {
            response = operation.run(claim.claimId());
        } catch (RuntimeException e) {
            claims.release(owner, key.value(), claim.leaseToken());
            requests.increment("failed");
            throw e;
        }
        if (!claims.complete(owner, key.value(), claim.leaseToken(), response)) {
            LOG.warn("Lost the claim on Idempotency-Key '{}' of {} to a takeover; answering with the stored result",
                    key.value(), owner);
            if (claims.find(owner, key.value()) instanceof ClaimStore.Existing existing
                    && existing.completed() != null) {
                return replay(existing.completed());
            }
            throw count("conflict", IdempotencyConflictException.inFlight(key, config.retryAfter()));
        }
        fastPath.completed(owner, key.value(), fingerprint, response);
        requests.increment("executed");
        return new IdempotentResult(response, false);
    }

    /** Counts a request refused before any idempotency work, e.g. for a missing key or an invalid body. */
    public void rejected() {
        requests.increment("rejected");
    }

    private IdempotentResult replay(StoredResponse response) {
        requests.increment("replayed");
        return new IdempotentResult(response, true);
    }

    private IdempotencyConflictException count(String outcome, IdempotencyConflictException e) {
        requests.increment(outcome);
        return e;
    }

    private void pause() {
        try {
            pause.pause(WAIT_POLL);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for an in-flight request", e);
        }
    }
}
