package dev.cachegate.catalog;

import dev.cachegate.problem.ApiException;
import dev.cachegate.problem.ProblemType;
import io.micronaut.core.annotation.Nullable;

import java.util.Map;

/** A well-formed id with no product: 404. */
public final class ProductNotFoundException extends ApiException {

    private final long id;
    private final Map<String, String> headers;

    /** @param id the missing product's id */
    public ProductNotFoundException(long id) {
        this(id, null);
    }

    /**
     * @param id           the missing product's id
     * @param cacheControl the answer's {@code Cache-Control}, for a read that shared caches may keep; null for
     *                     {@code no-store}
     */
    public ProductNotFoundException(long id, @Nullable String cacheControl) {
        super(ProblemType.PRODUCT_NOT_FOUND, "no product with id " + id);
        this.id = id;
        this.headers = cacheControl == null ? Map.of() : Map.of("Cache-Control", cacheControl);
    }

    @Override
    public Map<String, String> headers() {
        return headers;
    }

    /** @return the missing product's id */
    public long id() {
        return id;
    }
}
