package dev.cachegate.session;

import dev.cachegate.auth.Principal;
import dev.cachegate.auth.PrincipalSource;
import dev.cachegate.auth.UnauthenticatedException;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.cookie.Cookie;
import jakarta.inject.Singleton;

import java.util.Optional;
import java.util.UUID;

/**
 * The session of a request: the cookie verified, the Redis entry found (and its TTL restarted), once per request.
 * Also a {@link PrincipalSource}: a session's principal is {@code user:<username>}.
 */
@Singleton
record Sessions(SessionConfig config, SessionCookies cookies, SessionStore store) implements PrincipalSource {

    private static final String ATTRIBUTE = "cachegate.session";

    /**
     * @param request the request
     * @return its session, if it has a valid one
     */
    public Optional<Session> find(HttpRequest<?> request) {
        Optional<Session> known = request.getAttribute(ATTRIBUTE, Session.class);
        if (known.isPresent()) {
            return known;
        }
        Optional<UUID> id = request.getCookies().findCookie(config.cookieName()).map(Cookie::getValue)
                .flatMap(cookies::verify);
        Optional<Session> session = id.flatMap(store::touch);
        session.ifPresent(s -> request.setAttribute(ATTRIBUTE, s));
        return session;
    }

    /**
     * @param request the request
     * @return its session
     * @throws UnauthenticatedException without a valid one (missing, unsigned, tampered, expired, logged out)
     */
    public Session require(HttpRequest<?> request) {
        return find(request).orElseThrow(() -> new UnauthenticatedException(
                "no valid session: log in with POST /login (the cookie is missing, altered, expired or logged out)"));
    }

    /**
     * @param request a request
     * @return the principal of its session
     */
    @Override
    public Optional<Principal> findPrincipal(HttpRequest<?> request) {
        return find(request).map(session -> new Principal("user:" + session.username()));
    }
}
