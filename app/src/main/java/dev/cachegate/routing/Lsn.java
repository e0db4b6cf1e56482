package dev.cachegate.routing;

import io.micronaut.core.annotation.Nullable;

/**
 * A PostgreSQL WAL position ({@code 16/B374D848}) as a comparable number: the causal token of read-your-writes.
 *
 * @param value the position as an unsigned 64-bit number (high word before the slash)
 */
public record Lsn(long value) implements Comparable<Lsn> {

    /**
     * @param text a position as PostgreSQL prints it, e.g. {@code 0/3000148}
     * @return the position
     * @throws IllegalArgumentException echoing the text when it is not one
     */
    public static Lsn parse(String text) {
        int slash = text == null ? -1 : text.indexOf('/');
        if (slash < 1 || slash > 8 || text.length() - slash - 1 < 1 || text.length() - slash - 1 > 8) {
            throw new IllegalArgumentException("not a WAL position: '" + text + "'");
        }
        try {
            long high = Long.parseLong(text.substring(0, slash), 16);
            long low = Long.parseLong(text.substring(slash + 1), 16);
            return new Lsn(high << 32 | low);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a WAL position: '" + text + "'", e);
        }
    }

    /**
     * @param text a client-supplied token, or null
     * @return the position, or null when absent or malformed (a bad token never fails a read; it is ignored)
     */
    public static @Nullable Lsn parseOrNull(@Nullable String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return parse(text.trim());
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /**
     * @param a a position or null
     * @param b a position or null
     * @return the later of the two, or null when both are
     */
    public static @Nullable Lsn max(@Nullable Lsn a, @Nullable Lsn b) {
        if (a == null) {
            return b;
        }
        return b == null || a.compareTo(b) >= 0 ? a : b;
    }

    @Override
    public int compareTo(Lsn other) {
        return Long.compareUnsigned(value, other.value);
    }

    @Override
    public String toString() {
        return Long.toHexString(value >>> 32).toUpperCase() + "/" + Long.toHexString(value & 0xFFFFFFFFL).toUpperCase();
    }
}
