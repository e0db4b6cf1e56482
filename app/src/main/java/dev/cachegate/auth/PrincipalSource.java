package dev.cachegate.auth;

import io.micronaut.http.HttpRequest;

import java.util.Optional;

/** One way a request can say who it is: an API key, a session cookie. */
public interface PrincipalSource {

    /**
     * @param request the request
     * @return its principal, if this source recognizes one
     */
    Optional<Principal> findPrincipal(HttpRequest<?> request);
}
