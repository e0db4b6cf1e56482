package dev.cachegate.catalog;

import io.micronaut.core.annotation.Nullable;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Strong entity tags of product versions ({@code "7"}), compared as RFC 9110 says. */
final class ETags {

    private static final Pattern STRONG_VERSION = Pattern.compile("\\s*\"([1-9][0-9]{0,18})\"\\s*");

    private ETags() {
    }

    /**
     * @param ifNoneMatch the header, or null
     * @param current     the current strong tag
     * @return whether the client's copy is current (weak comparison, as {@code If-None-Match} requires)
     */
    static boolean matches(@Nullable String ifNoneMatch, String current) {
        if (ifNoneMatch == null) {
            return false;
        }
        for (String candidate : ifNoneMatch.split(",")) {
            String tag = candidate.trim();
            if (tag.equals("*") || tag.equals(current) || tag.equals("W/" + current)) {
                return true;
            }
        }
        return false;
    }

    /**
     * @param ifMatch the header, or null
     * @return the version a strong {@code If-Match} names; null for no header, {@code *}, or anything else
     */
    static @Nullable Long expectedVersion(@Nullable String ifMatch) {
        if (ifMatch == null) {
            return null;
        }
        Matcher matcher = STRONG_VERSION.matcher(ifMatch);
        return matcher.matches() ? Long.parseLong(matcher.group(1)) : null;
    }
}
