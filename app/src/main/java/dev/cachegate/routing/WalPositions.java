package dev.cachegate.routing;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * WAL positions: where the primary has written to, and whether a standby has replayed that far. The primary's
 * position is read with {@code pg_current_wal_insert_lsn()}, which is at or past every commit that returned before it
 * was read, whatever {@code synchronous_commit} is; the standby's with {@code pg_last_wal_replay_lsn()} (replayed and
 * visible to queries, not merely received).
 */
public final class WalPositions {

    private WalPositions() {
    }

    /**
     * @param primary a connection to the primary
     * @return its current WAL insert position, e.g. {@code 0/3000148}
     * @throws SQLException on failure
     */
    public static String current(Connection primary) throws SQLException {
        try (Statement statement = primary.createStatement();
             ResultSet row = statement.executeQuery("SELECT pg_current_wal_insert_lsn()::text")) {
            row.next();
            return row.getString(1);
        }
    }

    /**
     * @param standby a connection to a standby
     * @param lsn     a position from {@link #current(Connection)}
     * @return whether the standby has replayed at least up to {@code lsn}; false on a server not in recovery
     * @throws SQLException on failure
     */
    public static boolean replayedPast(Connection standby, String lsn) throws SQLException {
        try (PreparedStatement statement = standby.prepareStatement(
                "SELECT coalesce(pg_last_wal_replay_lsn() >= ?::pg_lsn, false)")) {
            statement.setString(1, lsn);
            try (ResultSet row = statement.executeQuery()) {
                row.next();
                return row.getBoolean(1);
            }
        }
    }
}
