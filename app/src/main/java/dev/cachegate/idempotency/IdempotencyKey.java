package dev.cachegate.idempotency;

import io.micronaut.core.annotation.Nullable;

/**
 * A client's {@code Idempotency-Key}: 1–255 printable ASCII characters (0x21–0x7E, and spaces inside). Both the plain
 * form ({@code abc-123}) and the structured-field string of draft-ietf-httpapi-idempotency-key-header
 * ({@code "abc-123"}, with {@code \"} and {@code \\} escapes) are accepted, and mean the same key; a value that starts
 * with a quote must be a well-formed quoted string.
 *
 * @param value the key, unquoted
 */
public record IdempotencyKey(String value) {

    /** The request header. */
    public static final String HEADER = "Idempotency-Key";

    /** The longest key accepted. */
    public static final int MAX_LENGTH = 255;

    /**
     * @param header the header value, or null
     * @return the key
     * @throws IdempotencyKeyException when missing or malformed
     */
    public static IdempotencyKey parse(@Nullable String header) {
        if (header == null || header.isEmpty()) {
            throw IdempotencyKeyException.missing();
        }
        String value = header.startsWith("\"") ? unquote(header) : header;
        if (value == null || value.isEmpty() || value.length() > MAX_LENGTH || !printable(value)
                || value.charAt(0) == ' ' || value.charAt(value.length() - 1) == ' ') {
            throw IdempotencyKeyException.malformed(header);
        }
        return new IdempotencyKey(value);
    }

    private static @Nullable String unquote(String quoted) {
        if (quoted.length() < 2 || !quoted.endsWith("\"")) {
            return null;
        }
        StringBuilder value = new StringBuilder(quoted.length());
        for (int i = 1; i < quoted.length() - 1; i++) {
            char c = quoted.charAt(i);
            if (c == '\\') {
                if (i + 1 >= quoted.length() - 1) {
                    return null;
                }
                char escaped = quoted.charAt(++i);
                if (escaped != '"' && escaped != '\\') {
                    return null;
                }
                value.append(escaped);
            } else if (c == '"') {
                return null;
            } else {
                value.append(c);
            }
        }
        return value.toString();
    }

    private static boolean printable(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0x20 || c > 0x7E) {
                return false;
            }
        }
        return true;
    }
}
