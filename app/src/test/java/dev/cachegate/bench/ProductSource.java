package dev.cachegate.bench;

import dev.cachegate.catalog.Product;
import dev.cachegate.catalogdata.CatalogGenerator;
import dev.cachegate.catalogdata.GeneratedProduct;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * The one source of truth and loader behind every cache of {@link PeerCacheBenchmark}: products generated like the
 * catalog's, kept in memory, each load counted and delayed by a configurable time (a stand-in for a database read
 * whose latency the benchmark controls, and that no cache can see a lagging replica of).
 */
final class ProductSource {

    private static final Instant CREATED = Instant.parse("2026-01-01T00:00:00Z");

    private final CatalogGenerator generator = new CatalogGenerator();
    private final Map<Long, Product> products = new ConcurrentHashMap<>();
    private final LongAdder loads = new LongAdder();
    private volatile Duration delay = Duration.ZERO;

    /**
     * @param id a positive id
     * @return the product's current version, after the configured delay
     */
    Product load(long id) {
        loads.increment();
        Duration pause = delay;
        if (!pause.isZero()) {
            try {
                Thread.sleep(pause);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while loading product " + id, e);
            }
        }
        return current(id);
    }

    /**
     * @param id a positive id
     * @return the current version, without counting or delaying a load
     */
    Product current(long id) {
        return products.computeIfAbsent(id, this::generate);
    }

    /**
     * Commits a change: the price goes up by one cent and the version by one.
     *
     * @param id a positive id
     * @return the new version
     */
    Product update(long id) {
        return products.compute(id, (key, old) -> {
            Product p = old == null ? generate(key) : old;
            return new Product(p.id(), p.sku(), p.name(), p.description(), p.priceCents() + 1, p.currency(),
                    p.version() + 1, p.updatedAt().plusMillis(1));
        });
    }

    /** @return loads so far */
    long loads() {
        return loads.sum();
    }

    /** @param delay how long each following load takes */
    void delay(Duration delay) {
        this.delay = delay;
    }

    private Product generate(long id) {
        GeneratedProduct g = generator.product(id);
        return new Product(g.id(), g.sku(), g.name(), g.description(), g.priceCents(), g.currency(), 1, CREATED);
    }
}
