package dev.cachegate.catalog;

import dev.cachegate.problem.ApiException;
import dev.cachegate.problem.ProblemType;

/** {@code If-Match} named a version that is no longer current: 412. */
public final class VersionConflictException extends ApiException {

    /**
     * @param id      the product
     * @param ifMatch the client's {@code If-Match}
     * @param current the current entity tag
     */
    public VersionConflictException(long id, String ifMatch, String current) {
        super(ProblemType.PRECONDITION_FAILED, "product " + id + " is at ETag " + current + ", not " + quote(ifMatch)
                + "; read it again and retry");
    }
}
