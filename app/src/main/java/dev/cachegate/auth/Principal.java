package dev.cachegate.auth;

/**
 * Who is calling: the owner of payments and the scope of idempotency keys.
 *
 * @param id stable and safe to store and log: {@code apikey:<12 hex of its SHA-256>} or {@code user:<username>};
 *           never the credential itself
 */
public record Principal(String id) {
}
