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
     * Keyset pagination.
     *
     * @param afterId return products with a greater id; 0 for the first page
     * @param limit   at most this many
     * @return products in ascending id order
     */
    List<Product> findPage(long afterId, int limit);
}
