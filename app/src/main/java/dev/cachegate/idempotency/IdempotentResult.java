package dev.cachegate.idempotency;

/**
 * What an idempotent execution answers.
 *
 * @param response the response, executed now or stored earlier
 * @param replayed whether it is a replay ({@code Idempotent-Replayed: true})
 */
public record IdempotentResult(StoredResponse response, boolean replayed) {
}
