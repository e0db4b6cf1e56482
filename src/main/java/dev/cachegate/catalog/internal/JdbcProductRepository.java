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
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Products with plain JDBC: reads routed (the replica, the primary when it cannot serve), writes on the primary. */
@Singleton
final class JdbcProductRepository implements ProductRepository {

    private static final String COLUMNS = "id, sku, name, description, price_cents, currency, version, updated_at";
    private static final String BY_ID = "SELECT " + COLUMNS + " FROM products WHERE id = ?";
    private static final String PAGE = "SELECT " + COLUMNS + " FROM products WHERE id > ? ORDER BY id LIMIT ?";

    private static final String UPDATE_PRICE = "UPDATE products SET price_cents = ?, currency = ?, "
            + "version = version + 1, updated_at = now() WHERE id = ? AND (? OR version = ?) RETURNING " + COLUMNS;

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
            try (PreparedStatement statement = connection.prepareStatement(UPDATE_PRICE)) {
                statement.setLong(1, priceCents);
                statement.setString(2, currency);
                statement.setLong(3, id);
                statement.setBoolean(4, expectedVersion == null);
                statement.setLong(5, expectedVersion == null ? 0 : expectedVersion);
                return first(read(statement));
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
