package dev.cachegate.catalog;

import java.util.regex.Pattern;

/**
 * Parses product ids from paths. Only the canonical form is accepted (a positive decimal without sign or leading
 * zeros, at most {@link Long#MAX_VALUE}), so that one product has one URL and one cache entry at every tier.
 */
public final class ProductIds {

    private static final Pattern CANONICAL = Pattern.compile("[1-9][0-9]{0,18}");

    private ProductIds() {
    }

    /**
     * @param raw the path segment
     * @return the id
     * @throws InvalidProductIdException echoing {@code raw} when it is not a canonical positive 64-bit integer
     */
    public static long parse(String raw) {
        if (raw != null && CANONICAL.matcher(raw).matches()) {
            try {
                return Long.parseLong(raw);
            } catch (NumberFormatException tooLarge) {
                throw new InvalidProductIdException(raw);
            }
        }
        throw new InvalidProductIdException(raw == null ? "" : raw);
    }
}
