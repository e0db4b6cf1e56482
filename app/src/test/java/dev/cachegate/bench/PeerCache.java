package dev.cachegate.bench;

import dev.cachegate.catalog.Product;

/**
 * One instance (one client, one local tier) of a two-level cache of products over the shared Redis, read through to
 * {@link ProductSource}: what {@link PeerCacheBenchmark} measures, the same way for every library.
 */
interface PeerCache extends AutoCloseable {

    /**
     * @param id a product id
     * @return the product, from the local tier, Redis or a load
     */
    Product get(long id);

    /**
     * Tells the cache that {@code product} was committed to the source, through the library's own write path.
     *
     * @param product the new version
     */
    void written(Product product);

    /**
     * Not timed: whether this instance's local tier holds {@code id}, to check that a measurement takes one path.
     *
     * @param id a product id
     * @return true when a read would be answered locally
     */
    boolean holdsLocally(long id);

    @Override
    void close();
}
