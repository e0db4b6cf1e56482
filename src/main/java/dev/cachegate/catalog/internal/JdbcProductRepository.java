package dev.cachegate.catalog.internal;

import dev.cachegate.catalog.Product;
import dev.cachegate.catalog.ProductRepository;
import dev.cachegate.routing.Databases;
import jakarta.inject.Named;
import jakarta.inject.Singleton;

import javax.sql.DataSource;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Reads products from the streaming replica with plain JDBC. */
@Singleton
final class JdbcProductRepository implements ProductRepository {

    private static final String COLUMNS = "id, sku, name, description, price_cents, currency, version, updated_at";
    private static final String BY_ID = "SELECT " + COLUMNS + " FROM products WHERE id = ?";
    private static final String PAGE = "SELECT " + COLUMNS + " FROM products WHERE id > ? ORDER BY id LIMIT ?";

    private final DataSource replica;

    JdbcProductRepository(@Named(Databases.REPLICA) DataSource replica) {
        this.replica = replica;
    }

    @Override
    public Optional<Product> findById(long id) {
        return Databases.query(replica, Databases.REPLICA, connection -> {
            try (PreparedStatement statement = connection.prepareStatement(BY_ID)) {
                statement.setLong(1, id);
                List<Product> found = read(statement);
                return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
            }
        });
    }

    @Override
    public List<Product> findPage(long afterId, int limit) {
        return Databases.query(replica, Databases.REPLICA, connection -> {
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
