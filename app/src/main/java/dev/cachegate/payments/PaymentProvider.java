package dev.cachegate.payments;

/**
 * A payment provider. Like real ones, it deduplicates by the idempotency key it is given: a second charge with the
 * same key returns the first charge's outcome and moves no money.
 */
public interface PaymentProvider {

    /**
     * @param charge what to charge
     * @return the outcome
     * @throws ProviderUnavailableException only when the provider definitely charged nothing (it refused the call, or
     *                                      failed it before sending); any other exception means the outcome is
     *                                      unknown, and the payment stays {@code pending} until recovery asks again
     */
    ProviderOutcome charge(Charge charge);

    /**
     * @param idempotencyKey unique per payment attempt; the provider deduplicates by it
     * @param amountCents    the amount
     * @param currency       ISO 4217 code
     * @param source         the source token
     */
    record Charge(String idempotencyKey, long amountCents, String currency, String source) {
    }

    /** What the provider answered. */
    sealed interface ProviderOutcome permits Succeeded, Declined, Unknown {
    }

    /** @param chargeId the provider's charge id */
    record Succeeded(String chargeId) implements ProviderOutcome {
    }

    /** @param reason the provider's decline code */
    record Declined(String reason) implements ProviderOutcome {
    }

    /**
     * No definite answer (no answer in time, or a failure after the request may have reached the provider): the charge
     * may or may not have happened; the payment stays {@code pending} and recovery asks again with the same key.
     *
     * @param cause what made the outcome unknown, e.g. {@code timeout}
     */
    record Unknown(String cause) implements ProviderOutcome {
    }
}
