package dev.cachegate.idempotency;

import dev.cachegate.problem.ApiException;
import dev.cachegate.problem.ProblemType;

/** A missing or malformed {@code Idempotency-Key}: 400. */
public final class IdempotencyKeyException extends ApiException {

    private IdempotencyKeyException(ProblemType type, String detail) {
        super(type, detail);
    }

    static IdempotencyKeyException missing() {
        return new IdempotencyKeyException(ProblemType.IDEMPOTENCY_KEY_MISSING,
                "this request needs an Idempotency-Key header: 1-" + IdempotencyKey.MAX_LENGTH
                        + " printable ASCII characters, e.g. a UUID");
    }

    static IdempotencyKeyException malformed(String header) {
        String shown = header.chars().allMatch(c -> c >= 0x20 && c <= 0x7E) ? quote(header)
                : "a value with non-printable or non-ASCII characters";
        return new IdempotencyKeyException(ProblemType.INVALID_IDEMPOTENCY_KEY, "Idempotency-Key must be 1-"
                + IdempotencyKey.MAX_LENGTH + " printable ASCII characters (optionally a quoted string) but was "
                + shown + " (" + header.length() + " characters)");
    }
}
