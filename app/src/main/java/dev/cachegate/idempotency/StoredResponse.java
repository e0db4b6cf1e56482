package dev.cachegate.idempotency;

import io.micronaut.serde.annotation.Serdeable;

import java.util.Map;

/**
 * A response kept for replay, byte for byte.
 *
 * @param status  the HTTP status
 * @param headers the headers worth replaying (e.g. {@code Location}, {@code Content-Type})
 * @param body    the exact body
 */
@Serdeable
public record StoredResponse(int status, Map<String, String> headers, String body) {
}
