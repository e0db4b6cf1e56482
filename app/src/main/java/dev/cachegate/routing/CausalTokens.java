package dev.cachegate.routing;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;

/**
 * Where a client's causal tokens are kept between its requests, so that its reads wait for its own earlier writes
 * ({@link ReadRouter}) without the client carrying {@value ReadRouter#TOKEN_HEADER} itself. Implemented by whatever
 * recognises a client across requests (its session).
 */
public interface CausalTokens {

    /**
     * @param request a request
     * @return the newest token kept for its client; null when the request has no client this recognises, or none
     *         is kept
     */
    @Nullable Lsn find(HttpRequest<?> request);

    /**
     * Keeps the token of a write made by the request's client, if it has one this recognises; of two tokens the
     * newer is kept, whatever the order they arrive in.
     *
     * @param request the request that wrote
     * @param token   the write's token
     */
    void record(HttpRequest<?> request, Lsn token);
}
