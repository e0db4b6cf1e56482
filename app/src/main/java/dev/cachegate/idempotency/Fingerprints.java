package dev.cachegate.idempotency;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** Request fingerprints: SHA-256 over the method, the path and the canonicalized body. */
public final class Fingerprints {

    private Fingerprints() {
    }

    /**
     * @param method        e.g. {@code POST}
     * @param path          e.g. {@code /payments}
     * @param canonicalBody the body in a canonical form (sorted keys, no insignificant whitespace)
     * @return 64 hex digits
     */
    public static String of(String method, String path, String canonicalBody) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update(method.getBytes(StandardCharsets.UTF_8));
            digest.update((byte) 0);
            digest.update(path.getBytes(StandardCharsets.UTF_8));
            digest.update((byte) 0);
            digest.update(canonicalBody.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
