package dev.cachegate.session;

import dev.cachegate.routing.Lsn;
import io.micronaut.core.annotation.Nullable;

import java.time.Instant;
import java.util.UUID;

/**
 * A logged-in user's session, kept in Redis under {@code session:<id>}.
 *
 * @param id       the session id, the cookie's signed value
 * @param username who logged in
 * @param loginAt  when
 * @param token    the causal token of the session's last write, for read-your-writes; null before any
 */
public record Session(UUID id, String username, Instant loginAt, @Nullable Lsn token) {
}
