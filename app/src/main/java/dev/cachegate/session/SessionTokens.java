package dev.cachegate.session;

import dev.cachegate.routing.CausalTokens;
import dev.cachegate.routing.Lsn;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import jakarta.inject.Singleton;

/**
 * A session's causal tokens, kept in its Redis entry ({@link SessionStore#recordWrite}).
 *
 * <p>Failure policy: that of {@link Sessions} and {@link StateRedis}: without Redis both fail closed (a 503); a
 * token the state replicas did not acknowledge in time stays recorded on the primary only, logged and counted.
 */
@Singleton
record SessionTokens(Sessions sessions, SessionStore store) implements CausalTokens {

    @Override
    public @Nullable Lsn find(HttpRequest<?> request) {
        return sessions.find(request).map(Session::token).orElse(null);
    }

    @Override
    public void record(HttpRequest<?> request, Lsn token) {
        sessions.find(request).ifPresent(session -> store.recordWrite(session.id(), token));
    }
}
