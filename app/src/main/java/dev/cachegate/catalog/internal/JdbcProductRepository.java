package dev.cachegate.catalog.internal;

import dev.cachegate.catalog.Product;
import dev.cachegate.catalog.ProductRepository;
import dev.cachegate.routing.Databases;
import dev.cachegate.routing.ReadRouter;
import jakarta.inject.Singleton;

import javax.sql.DataSource;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Products with plain JDBC: reads routed (the replica, the primary when it cannot serve), writes on the primary.
 *
 * <p>A price change and its row in the change stream ({@code catalog_changes}) commit in one transaction, under one
 * advisory lock that every change takes first: sequence numbers are then handed out in commit order, so a reader of
 * the stream that has seen number N has seen every change committed before it, and a writer that crashes after the
 * commit still leaves the change in the stream for every instance to apply.
 */
@Singleton
final class JdbcProductRepository implements ProductRepository {

    private static final String COLUMNS = "id, sku, name, description, price_cents, currency, version, updated_at";
    private static final String BY_ID = "SELECT " + COLUMNS + " FROM products WHERE id = ?";
    private static final String PAGE = "SELECT " + COLUMNS + " FROM products WHERE id > ? ORDER BY id LIMIT ?";

    private static final String UPDATE_PRICE = "UPDATE products SET price_cents = ?, currency = ?, "
            + "version = version + 1, updated_at = now() WHERE id = ? AND (? OR version = ?) RETURNING " + COLUMNS;

    private static final String LOCK_STREAM = "SELECT pg_advisory_xact_lock(" + ChangeFeed.STREAM_LOCK + ")";
    private static final String APPEND_CHANGE = "INSERT INTO catalog_changes (product_id, version) VALUES (?, ?)";

    private final ReadRouter reads;
    private final DataSource primary;

    JdbcProductRepository(ReadRouter reads) {
        this.reads = reads;
        this.primary = reads.primary();
    }

    @Override
    public Optional<Product> findById(long id) {
        return reads.read(null, connection -> byId(connection, id));
    }

    @Override
    public Optional<Product> findByIdOnPrimary(long id) {
        return Databases.query(primary, Databases.PRIMARY, connection -> byId(connection, id));
    }

    @Override
    public Optional<Product> updatePrice(long id, long priceCents, String currency, Long expectedVersion) {
        return Databases.query(primary, Databases.PRIMARY, connection -> {
            connection.setAutoCommit(false);
            try (Statement lock = connection.createStatement();
                 PreparedStatement update = connection.prepareStatement(UPDATE_PRICE);
                 PreparedStatement append = connection.prepareStatement(APPEND_CHANGE)) {
                lock.execute(LOCK_STREAM);
                update.setLong(1, priceCents);
                update.setString(2, currency);
                update.setLong(3, id);
                update.setBoolean(4, expectedVersion == null);
                update.setLong(5, expectedVersion == null ? 0 : expectedVersion);
                Optional<Product> updated = first(read(update));
                if (updated.isPresent()) {
                    append.setLong(1, id);
                    append.setLong(2, updated.get().version());
                    append.executeUpdate();
                }
                connection.commit();
                return updated;
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(true);
            }
        });
    }

    private static Optional<Product> byId(java.sql.Connection connection, long id) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(BY_ID)) {
            statement.setLong(1, id);
            return first(read(statement));
        }
    }

    private static Optional<Product> first(List<Product> products) {
        return products.isEmpty() ? Optional.empty() : Optional.of(products.get(0));
    }

    @Override
    public List<Product> findPage(long afterId, int limit) {
        return reads.read(null, connection -> {
            try (PreparedStatement statement = connection.prepareStatement(PAGE)) {
                statement.setLong(1, afterId);
                statement.setInt(2, limit);
                return read(statement);
            }
        });
    }

    private static List<Product> read(PreparedStatement statement) throws SQLException {
        List<Product> products = new ArrayList<>();
        try (ResultSet rows = statement.executeQuery()) {
            while (rows.next()) {
                products.add(new Product(rows.getLong(1), rows.getString(2), rows.getString(3), rows.getString(4),
                        rows.getLong(5), rows.getString(6), rows.getLong(7),
                        rows.getObject(8, OffsetDateTime.class).toInstant()));
            }
        }
        return products;
    }
}
