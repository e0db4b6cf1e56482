package dev.cachegate.payments;

import dev.cachegate.problem.ApiException;
import dev.cachegate.problem.ProblemType;

/** A payment request whose body cannot be accepted: 422, or 400 when it is not a JSON object at all. */
public final class InvalidPaymentException extends ApiException {

    private InvalidPaymentException(ProblemType type, String detail) {
        super(type, detail);
    }

    static InvalidPaymentException field(String detail) {
        return new InvalidPaymentException(ProblemType.INVALID_PAYMENT, detail);
    }

    static InvalidPaymentException unreadable(String detail) {
        return new InvalidPaymentException(ProblemType.BAD_REQUEST, detail);
    }

    static InvalidPaymentException tooLarge(int bytes, int max) {
        return new InvalidPaymentException(ProblemType.PAYLOAD_TOO_LARGE,
                "the body is " + bytes + " bytes; a payment request may have at most " + max);
    }
}
