package dev.cachegate.catalog;

import java.util.List;
import java.util.Optional;

/** Reads products from the catalog's source of truth. */
public interface ProductRepository {

    /**
     * @param id a positive id
     * @return the product, empty when there is none
     */
    Optional<Product> findById(long id);

    /**
     * Reads the primary, for loads that must not see a replica that lags behind a write.
     *
     * @param id a positive id
     * @return the product, empty when there is none
     */
    Optional<Product> findByIdOnPrimary(long id);

    /**
     * Changes a price on the primary, incrementing the version.
     *
     * @param id              a positive id
     * @param priceCents      the new price
     * @param currency        the new currency
     * @param expectedVersion when not null, change only this version
     * @return the changed product; empty when there is no such product, or not at the expected version
     */
    Optional<Product> updatePrice(long id, long priceCents, String currency, Long expectedVersion);

    /**
     * Keyset pagination.
     *
     * @param afterId return products with a greater id; 0 for the first page
     * @param limit   at most this many
     * @return products in ascending id order
     */
    List<Product> findPage(long afterId, int limit);
}
