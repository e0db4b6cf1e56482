package dev.cachegate.catalog;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;

/**
 * Opaque keyset cursors: the last id of a page and a truncated HMAC-SHA256 of it, in URL-safe base64. A cursor grants
 * nothing (the catalog is public); the MAC exists so that an altered or invented cursor is a clear 400 instead of a
 * silently different page, and so clients cannot come to depend on its format.
 */
public final class PageCursors {

    private static final String ALGORITHM = "HmacSHA256";
    private static final byte VERSION = 1;
    private static final int MAC_BYTES = 12;
    private static final int LENGTH = 1 + Long.BYTES + MAC_BYTES;

    private final SecretKeySpec key;

    /** @param secret the HMAC key; the same on every instance */
    public PageCursors(String secret) {
        this.key = new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), ALGORITHM);
    }

    /**
     * @param lastId the last id of the page just served
     * @return the cursor of the next page
     */
    public String encode(long lastId) {
        ByteBuffer buffer = ByteBuffer.allocate(LENGTH).put(VERSION).putLong(lastId);
        buffer.put(mac(buffer.array(), 1 + Long.BYTES));
        return Base64.getUrlEncoder().withoutPadding().encodeToString(buffer.array());
    }

    /**
     * @param cursor a cursor from {@link #encode(long)}
     * @return the last id it carries
     * @throws InvalidPageRequestException when the cursor was not produced with this key
     */
    public long decode(String cursor) {
        byte[] bytes;
        try {
            bytes = Base64.getUrlDecoder().decode(cursor);
        } catch (IllegalArgumentException notBase64) {
            throw InvalidPageRequestException.cursor(cursor);
        }
        if (bytes.length != LENGTH || bytes[0] != VERSION) {
            throw InvalidPageRequestException.cursor(cursor);
        }
        byte[] expected = mac(bytes, 1 + Long.BYTES);
        if (!MessageDigest.isEqual(expected, Arrays.copyOfRange(bytes, 1 + Long.BYTES, LENGTH))) {
            throw InvalidPageRequestException.cursor(cursor);
        }
        long lastId = ByteBuffer.wrap(bytes, 1, Long.BYTES).getLong();
        if (lastId < 1) {
            throw InvalidPageRequestException.cursor(cursor);
        }
        return lastId;
    }

    private byte[] mac(byte[] data, int length) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            mac.update(data, 0, length);
            return Arrays.copyOf(mac.doFinal(), MAC_BYTES);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(ALGORITHM + " is not available", e);
        }
    }
}
