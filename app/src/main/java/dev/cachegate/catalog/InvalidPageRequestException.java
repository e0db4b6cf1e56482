package dev.cachegate.catalog;

import dev.cachegate.problem.ApiException;
import dev.cachegate.problem.ProblemType;

/** A {@code cursor} that was not issued by cachegate, or a {@code limit} that is not a positive integer: 400. */
public final class InvalidPageRequestException extends ApiException {

    private InvalidPageRequestException(ProblemType type, String detail) {
        super(type, detail);
    }

    /**
     * @param raw the rejected cursor
     * @return the exception
     */
    public static InvalidPageRequestException cursor(String raw) {
        return new InvalidPageRequestException(ProblemType.INVALID_CURSOR,
                "cursor " + quote(raw) + " was not issued by cachegate or has been altered; start again without one");
    }

    /**
     * @param raw the rejected limit
     * @param max the largest limit served
     * @return the exception
     */
    public static InvalidPageRequestException limit(String raw, int max) {
        return new InvalidPageRequestException(ProblemType.INVALID_PARAMETER,
                "limit must be a positive integer (values above " + max + " are capped) but was " + quote(raw));
    }
}
