package dev.cachegate.catalogdata;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

/**
 * Bulk-loads the generated catalog into the {@code products} table with PostgreSQL's COPY.
 *
 * <p>Design: rows are produced lazily by the {@link CatalogGenerator}, encoded in the COPY text
 * format into a 64 KB buffer and pushed to the server with {@link CopyIn#writeToCopy} chunk by
 * chunk, so memory stays flat whatever the row count. The whole load is a single transaction that
 * first takes a SHARE ROW EXCLUSIVE lock on the table (readers keep going, a second loader or any
 * writer waits) and only then checks that the table is empty, so two concurrent loads cannot both
 * pass the check; a failure rolls everything back. ANALYZE runs after the commit so the planner
 * sees the new size at once. The loader never creates or alters the schema: that belongs to the
 * application's Flyway migrations. It takes over transaction control of the connection it is given
 * for the duration of a call and restores the auto-commit mode afterwards.
 */
public final class CatalogLoader {

    /** The table the loader writes. */
    public static final String TABLE = "products";

    /** Value written to the {@code version} column of every row. */
    public static final long VERSION = 1;

    /** Value written to the {@code updated_at} column of every row, so reloads are byte-identical. */
    public static final Instant UPDATED_AT = Instant.parse("2026-11-01T00:00:00Z");

    static final int CHUNK_CHARS = 64 * 1024;

    private static final String UPDATED_AT_TEXT = "2026-11-01 00:00:00+00";

    private static final String COPY_SQL =
            "COPY " + TABLE + " (" + CopyText.COLUMNS + ") FROM STDIN WITH (FORMAT text)";

    private final CatalogGenerator generator;

    /**
     * Creates a loader that writes the products of the given generator.
     *
     * @param generator source of the rows
     */
    public CatalogLoader(CatalogGenerator generator) {
        this.generator = Objects.requireNonNull(generator, "generator");
    }

    /**
     * Loads products 1..count with COPY (FROM STDIN, streamed: never materialize all rows in
     * memory), in one transaction, then ANALYZE.
     *
     * @param connection an open connection to PostgreSQL (the pgjdbc driver, possibly pooled)
     * @param count      number of products; 0 loads nothing
     * @return rows loaded and time taken
     * @throws IllegalStateException    if the table does not exist or is not empty
     * @throws IllegalArgumentException if {@code count} is negative
     * @throws SQLException             if the database rejects the load; nothing is committed then
     */
    public LoadReport load(Connection connection, long count) throws SQLException {
        return run(connection, count, true);
    }

    /**
     * Loads only when the table is empty; returns LoadReport with 0 rows otherwise.
     *
     * @param connection an open connection to PostgreSQL (the pgjdbc driver, possibly pooled)
     * @param count      number of products to load into an empty table
     * @return rows loaded (0 if the table already held data) and time taken
     * @throws IllegalStateException    if the table does not exist
     * @throws IllegalArgumentException if {@code count} is negative
     * @throws SQLException             if the database rejects the load; nothing is committed then
     */
    public LoadReport loadIfEmpty(Connection connection, long count) throws SQLException {
        return run(connection, count, false);
    }

    private LoadReport run(Connection connection, long count, boolean failIfPopulated) throws SQLException {
        Objects.requireNonNull(connection, "connection");
        if (count < 0) {
            throw new IllegalArgumentException("count must not be negative but was " + count);
        }
        long started = System.nanoTime();
        boolean autoCommit = connection.getAutoCommit();
        connection.setAutoCommit(false);
        long rows;
        try {
            rows = copyIfEmpty(connection, count, failIfPopulated);
            connection.commit();
        } catch (SQLException | RuntimeException | Error e) {
            rollbackQuietly(connection, e);
            restoreAutoCommitQuietly(connection, autoCommit, e);
            throw e;
        }
        connection.setAutoCommit(autoCommit);
        if (rows > 0) {
            try (Statement statement = connection.createStatement()) {
                statement.execute("ANALYZE " + TABLE);
            }
            if (!connection.getAutoCommit()) {
                connection.commit();
            }
        }
        return new LoadReport(rows, Duration.ofNanos(System.nanoTime() - started));
    }

    private long copyIfEmpty(Connection connection, long count, boolean failIfPopulated) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            try (ResultSet exists = statement.executeQuery("SELECT to_regclass('" + TABLE + "') IS NOT NULL")) {
                exists.next();
                if (!exists.getBoolean(1)) {
                    throw new IllegalStateException("table " + TABLE + " does not exist: start cachegate once"
                            + " against this database so Flyway creates the schema");
                }
            }
            statement.execute("LOCK TABLE " + TABLE + " IN SHARE ROW EXCLUSIVE MODE");
            try (ResultSet populated = statement.executeQuery("SELECT EXISTS (SELECT 1 FROM " + TABLE + ")")) {
                populated.next();
                if (populated.getBoolean(1)) {
                    if (failIfPopulated) {
                        throw new IllegalStateException("table " + TABLE + " is not empty: the loader only fills"
                                + " an empty table (TRUNCATE " + TABLE + " first to reload it)");
                    }
                    return 0;
                }
            }
        }
        if (count == 0) {
            return 0;
        }
        CopyIn copy = connection.unwrap(PGConnection.class).getCopyAPI().copyIn(COPY_SQL);
        try {
            stream(generator, count, copy::writeToCopy);
            return copy.endCopy();
        } catch (SQLException | RuntimeException | Error e) {
            cancelQuietly(copy, e);
            throw e;
        }
    }

    /**
     * Encodes products 1..count as COPY text and hands it to {@code sink} in UTF-8 chunks of about
     * {@link #CHUNK_CHARS} bytes; every chunk ends on a row boundary.
     */
    static void stream(CatalogGenerator generator, long count, ChunkSink sink) throws SQLException {
        StringBuilder buffer = new StringBuilder(CHUNK_CHARS + 1024);
        for (long id = 1; id <= count; id++) {
            CopyText.appendRow(buffer, generator.product(id), VERSION, UPDATED_AT_TEXT);
            if (buffer.length() >= CHUNK_CHARS) {
                flush(buffer, sink);
            }
        }
        if (!buffer.isEmpty()) {
            flush(buffer, sink);
        }
    }

    private static void flush(StringBuilder buffer, ChunkSink sink) throws SQLException {
        byte[] bytes = buffer.toString().getBytes(StandardCharsets.UTF_8);
        sink.write(bytes, 0, bytes.length);
        buffer.setLength(0);
    }

    private static void cancelQuietly(CopyIn copy, Throwable cause) {
        try {
            if (copy.isActive()) {
                copy.cancelCopy();
            }
        } catch (SQLException cancelFailure) {
            cause.addSuppressed(cancelFailure);
        }
    }

    private static void restoreAutoCommitQuietly(Connection connection, boolean autoCommit, Throwable cause) {
        try {
            connection.setAutoCommit(autoCommit);
        } catch (SQLException restoreFailure) {
            cause.addSuppressed(restoreFailure);
        }
    }

    private static void rollbackQuietly(Connection connection, Throwable cause) {
        try {
            connection.rollback();
        } catch (SQLException rollbackFailure) {
            cause.addSuppressed(rollbackFailure);
        }
    }

    /** Receiver of encoded COPY data; {@link CopyIn#writeToCopy} in production. */
    @FunctionalInterface
    interface ChunkSink {
        void write(byte[] bytes, int offset, int length) throws SQLException;
    }
}
