package dev.cachegate.catalog;

import dev.cachegate.problem.ApiException;
import dev.cachegate.problem.ProblemType;

/** A product id that is not a positive 64-bit integer: 400. */
public final class InvalidProductIdException extends ApiException {

    /** @param raw the rejected path segment */
    public InvalidProductIdException(String raw) {
        super(ProblemType.INVALID_PRODUCT_ID, "product id must be a positive 64-bit integer without sign or leading "
                + "zeros, but was " + quote(raw));
    }
}
