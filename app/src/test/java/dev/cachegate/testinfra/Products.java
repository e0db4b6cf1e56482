package dev.cachegate.testinfra;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Products that belong to one test: fresh ids far above the seeded catalog, written straight to the primary, so a test
 * never shares a cache key or a row with another.
 */
public final class Products {

    private static final AtomicLong NEXT = new AtomicLong(5_000_000_000L + System.nanoTime() % 1_000_000_000L * 1_000);

    private Products() {
    }

    /**
     * Inserts a product on the primary and waits until the replica has replayed it.
     *
     * @param priceCents its price
     * @return its id
     * @throws Exception on failure
     */
    public static long create(long priceCents) throws Exception {
        long id = insert(priceCents);
        awaitOnReplica(id, 1, Duration.ofSeconds(10));
        return id;
    }

    /**
     * Inserts a product on the primary without waiting for the replica.
     *
     * @param priceCents its price
     * @return its id
     * @throws SQLException on failure
     */
    public static long insert(long priceCents) throws SQLException {
        long id = NEXT.incrementAndGet();
        try (Connection primary = SharedInfrastructure.primary(); PreparedStatement insert = primary.prepareStatement(
                "INSERT INTO products (id, sku, name, description, price_cents, currency) VALUES (?, ?, ?, ?, ?, 'USD')")) {
            insert.setLong(1, id);
            insert.setString(2, "SKU-T-" + id);
            insert.setString(3, "Test product " + id);
            insert.setString(4, "Created by a test");
            insert.setLong(5, priceCents);
            insert.executeUpdate();
        }
        return id;
    }

    /**
     * Changes a price on the primary behind the cache's back (no invalidation), incrementing the version.
     *
     * @param id         the product
     * @param priceCents the new price
     * @throws SQLException on failure
     */
    public static void changePriceDirectly(long id, long priceCents) throws SQLException {
        try (Connection primary = SharedInfrastructure.primary(); PreparedStatement update = primary.prepareStatement(
                "UPDATE products SET price_cents = ?, version = version + 1, updated_at = now() WHERE id = ?")) {
            update.setLong(1, priceCents);
            update.setLong(2, id);
            update.executeUpdate();
        }
    }

    /**
     * Commits a price change and its change-stream row, as the API's write does, and nothing else: what a writer that
     * crashed between its commit and its invalidations leaves behind.
     *
     * @param id         the product
     * @param priceCents the new price
     * @throws SQLException on failure
     */
    public static void commitChangeWithoutInvalidating(long id, long priceCents) throws SQLException {
        try (Connection primary = SharedInfrastructure.primary(); PreparedStatement change = primary.prepareStatement(
                "WITH changed AS (UPDATE products SET price_cents = ?, version = version + 1, updated_at = now() "
                        + "WHERE id = ? RETURNING id, version) "
                        + "INSERT INTO catalog_changes (product_id, version) SELECT id, version FROM changed")) {
            change.setLong(1, priceCents);
            change.setLong(2, id);
            if (change.executeUpdate() != 1) {
                throw new AssertionError("no product " + id);
            }
        }
    }

    /**
     * @param id         the product
     * @param minVersion the version to wait for
     * @param timeout    how long
     * @throws Exception when the replica does not have it in time
     */
    public static void awaitOnReplica(long id, long minVersion, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        try (Connection replica = SharedInfrastructure.replica(); PreparedStatement query = replica.prepareStatement(
                "SELECT 1 FROM products WHERE id = ? AND version >= ?")) {
            query.setLong(1, id);
            query.setLong(2, minVersion);
            while (System.nanoTime() < deadline) {
                try (ResultSet row = query.executeQuery()) {
                    if (row.next()) {
                        return;
                    }
                }
                Thread.sleep(5);
            }
        }
        throw new AssertionError("replica did not replay product " + id + " v" + minVersion + " within " + timeout);
    }
}
