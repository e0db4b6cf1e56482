package dev.cachegate.session.internal;

import dev.cachegate.routing.Databases;
import dev.cachegate.routing.Lsn;
import dev.cachegate.routing.ReadRouter;
import dev.cachegate.session.Profile;
import dev.cachegate.session.ProfileChange;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;

/** Profiles: written to the primary, read where the {@link ReadRouter} says. */
@Singleton
public final class JdbcProfiles {

    private static final String UPSERT = """
            INSERT INTO profiles (username, display_name, avatar_url) VALUES (?, ?, ?)
            ON CONFLICT (username) DO UPDATE SET display_name = EXCLUDED.display_name,
                   avatar_url = EXCLUDED.avatar_url, version = profiles.version + 1, updated_at = now()
            RETURNING username, display_name, avatar_url, version, updated_at
            """;
    private static final String READ =
            "SELECT username, display_name, avatar_url, version, updated_at FROM profiles WHERE username = ?";

    private final ReadRouter router;

    JdbcProfiles(ReadRouter router) {
        this.router = router;
    }

    /**
     * A committed write and its causal token.
     *
     * @param profile the profile as written
     * @param token   the primary's WAL position after the commit
     */
    public record Written(Profile profile, Lsn token) {
    }

    /** Writes a profile on the primary. */
    public Written write(String username, ProfileChange change) {
        Profile profile = Databases.query(router.primary(), Databases.PRIMARY, connection -> {
            try (PreparedStatement upsert = connection.prepareStatement(UPSERT)) {
                upsert.setString(1, username);
                upsert.setString(2, change.displayName());
                upsert.setString(3, change.avatarUrl());
                return read(upsert, username);
            }
        });
        return new Written(profile, router.writeToken());
    }

    /** Reads a profile, no older than {@code token}. */
    public Profile read(String username, @Nullable Lsn token) {
        return router.read(token, connection -> {
            try (PreparedStatement read = connection.prepareStatement(READ)) {
                read.setString(1, username);
                return read(read, username);
            }
        });
    }

    private static Profile read(PreparedStatement statement, String username) throws SQLException {
        try (ResultSet row = statement.executeQuery()) {
            if (!row.next()) {
                return new Profile(username, null, null, 0, null);
            }
            return new Profile(row.getString(1), row.getString(2), row.getString(3), row.getLong(4),
                    row.getObject(5, OffsetDateTime.class).toInstant());
        }
    }
}
