package dev.cachegate.payments;

import dev.cachegate.auth.Principal;
import dev.cachegate.idempotency.Fingerprints;
import dev.cachegate.idempotency.Idempotency;
import dev.cachegate.idempotency.IdempotencyKey;
import dev.cachegate.idempotency.IdempotentResult;
import dev.cachegate.idempotency.StoredResponse;
import dev.cachegate.payments.internal.JdbcPayments;
import dev.cachegate.payments.internal.ProviderGuard;
import dev.cachegate.routing.Lsn;
import dev.cachegate.routing.ReadRouter;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.json.JsonMapper;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * Payments, exactly once per (principal, {@code Idempotency-Key}).
 *
 * <p>What is stored and replayed: a payment the provider answered (succeeded or declined) and one whose outcome is
 * unknown ({@code pending}, settled later by recovery) are stored responses, replayed byte for byte. A request refused
 * before any work (missing key, invalid body) and a provider call that definitely charged nothing (503) store
 * nothing: a retry with the same key runs again. The stored response carries the causal token of the payment's
 * commit ({@code X-Consistency-Token}), so a replay's client reads its payment as surely as the first one's.
 *
 * <p>Failure policy: a payment row is deleted only when nothing can have been charged under its claim: this attempt
 * created it, the provider guard reports a definite refusal, and no recoverer has leased it. Every other failure of
 * the provider call (no answer in time, an error after the request may have arrived, a refusal on a claim an earlier
 * holder may have charged under) leaves it {@code pending}, answered as such, for recovery to settle against the
 * provider's ledger.
 */
@Singleton
record PaymentService(Idempotency idempotency, JdbcPayments payments, ProviderGuard provider, JsonMapper json,
                      ReadRouter router) {

    private static final Logger LOG = LoggerFactory.getLogger(PaymentService.class);

    /** The path that payments are created at; part of every fingerprint. */
    static final String PATH = "/payments";

    /**
     * @param principal the payer
     * @param key       the client's idempotency key
     * @param request   the validated request
     * @return the 201 response, executed now or replayed
     */
    public IdempotentResult pay(Principal principal, IdempotencyKey key, PaymentRequest request) {
        String fingerprint = Fingerprints.of("POST", PATH, request.canonical());
        return idempotency.execute(principal, key, fingerprint, claimId -> {
            JdbcPayments.Pending pending = payments.createPending(claimId, principal.id(), request);
            Payment payment = pending.payment();
            Payment settled = switch (charge(claimId, request, pending)) {
                case PaymentProvider.Unknown unknown -> {
                    LOG.warn("Payment {} stays pending, the provider's outcome is unknown ({}); recovery settles it",
                            payment.id(), unknown.cause());
                    yield payment;
                }
                case PaymentProvider.Succeeded succeeded -> payments.settle(payment.id(), succeeded);
                case PaymentProvider.Declined declined -> payments.settle(payment.id(), declined);
            };
            return new StoredResponse(201, headers(settled), write(settled));
        });
    }

    private PaymentProvider.ProviderOutcome charge(UUID claimId, PaymentRequest request,
                                                   JdbcPayments.Pending pending) {
        try {
            return provider.charge(new PaymentProvider.Charge(claimId.toString(), request.amountCents(),
                    request.currency(), request.source()));
        } catch (ProviderUnavailableException refused) {
            if (pending.created() && payments.discardPending(pending.payment().id())) {
                throw refused;
            }
            return new PaymentProvider.Unknown("this call charged nothing, but an earlier holder of the claim or a "
                    + "recoverer may have: " + refused.getMessage());
        }
    }

    /**
     * @param id        a payment id
     * @param principal the caller
     * @param token     the caller's causal token, or null
     * @return the payment
     * @throws PaymentNotFoundException unless it exists and belongs to the caller
     */
    public Payment find(String id, Principal principal, @Nullable Lsn token) {
        return payments.find(id, principal.id(), token).orElseThrow(() -> new PaymentNotFoundException(id));
    }

    /**
     * The stored response's headers, with the causal token of the payment's commit when the primary tells it. A
     * charged payment's response is stored whatever happens, so a token that cannot be read is left out (and
     * logged), never thrown.
     */
    private Map<String, String> headers(Payment settled) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Location", PATH + "/" + settled.id());
        headers.put("Content-Type", "application/json");
        try {
            headers.put(ReadRouter.TOKEN_HEADER, router.writeToken().toString());
        } catch (RuntimeException e) {
            LOG.warn("payment {}: stored without a consistency token, the primary did not say its position: {}",
                    settled.id(), e.toString());
        }
        return headers;
    }

    private String write(Payment payment) {
        try {
            return new String(json.writeValueAsBytes(payment), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
