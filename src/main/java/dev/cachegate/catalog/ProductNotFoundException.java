package dev.cachegate.catalog;

import dev.cachegate.problem.ApiException;
import dev.cachegate.problem.ProblemType;

/** A well-formed id with no product: 404. */
public final class ProductNotFoundException extends ApiException {

    private final long id;

    /** @param id the missing product's id */
    public ProductNotFoundException(long id) {
        super(ProblemType.PRODUCT_NOT_FOUND, "no product with id " + id);
        this.id = id;
    }

    /** @return the missing product's id */
    public long id() {
        return id;
    }
}
