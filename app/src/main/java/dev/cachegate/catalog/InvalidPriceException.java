package dev.cachegate.catalog;

import dev.cachegate.problem.ApiException;
import dev.cachegate.problem.ProblemType;

/** A price change whose values cannot be applied: 422. */
public final class InvalidPriceException extends ApiException {

    /** @param detail what is wrong, echoing the value */
    public InvalidPriceException(String detail) {
        super(ProblemType.INVALID_PRICE, detail);
    }
}
