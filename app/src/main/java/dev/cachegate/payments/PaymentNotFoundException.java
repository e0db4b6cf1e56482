package dev.cachegate.payments;

import dev.cachegate.problem.ApiException;
import dev.cachegate.problem.ProblemType;

/** No payment with this id belongs to the caller (whether or not it exists): 404. */
public final class PaymentNotFoundException extends ApiException {

    /** @param id the requested id */
    public PaymentNotFoundException(String id) {
        super(ProblemType.PAYMENT_NOT_FOUND, "no payment " + quote(id));
    }
}
