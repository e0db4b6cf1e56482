package dev.cachegate.config;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Secrets: the embedded default makes its own from {@link SecureRandom} at full length, and production mode judges
 * every configured one with {@link #weakness} before it starts.
 *
 * <p>The test refuses a value that contains a fragment of a value this project publishes (the compose file's old
 * {@code compose-demo-*} defaults, {@code application.yml}'s {@code change-me} placeholder), that repeats a shorter
 * value, or whose estimated entropy is below {@value #MIN_BITS} bits. The estimate is the value's length times the
 * Shannon entropy of its characters: it is generous to random strings (a 32-character {@code openssl rand -hex 16}
 * scores about 120) and catches short, repetitive and one-letter values; it cannot tell a random-looking phrase from a
 * random one, which no test can.
 */
public final class Secrets {

    /** The estimated entropy below which production refuses a secret. */
    public static final int MIN_BITS = 64;

    /** Fragments of published values; a secret that contains one is known to everyone who has read this project. */
    static final List<String> PUBLISHED = List.of("compose-demo", "change-me", "changeme");

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int GENERATED_BYTES = 32;

    private Secrets() {
    }

    /** @return a new secret: {@value #GENERATED_BYTES} random bytes, base64url without padding (43 characters) */
    public static String generate() {
        byte[] bytes = new byte[GENERATED_BYTES];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /**
     * @param value a configured secret
     * @return why production must not use it, never quoting it; empty when it passes
     */
    public static Optional<String> weakness(String value) {
        String lower = value.toLowerCase(Locale.ROOT);
        for (String fragment : PUBLISHED) {
            if (lower.contains(fragment)) {
                return Optional.of("it contains '" + fragment + "', part of a value this project publishes");
            }
        }
        if (value.length() > 1 && (value + value).indexOf(value, 1) < value.length()) {
            return Optional.of("it repeats a shorter value");
        }
        long bits = Math.round(estimatedBits(value));
        if (bits < MIN_BITS) {
            return Optional.of("its estimated entropy is " + bits + " bits, below " + MIN_BITS
                    + " (make one with: openssl rand -hex 32)");
        }
        return Optional.empty();
    }

    /**
     * @param value a string
     * @return its length times the Shannon entropy of its characters, in bits
     */
    static double estimatedBits(String value) {
        Map<Integer, Integer> counts = new HashMap<>();
        value.codePoints().forEach(c -> counts.merge(c, 1, Integer::sum));
        int length = value.codePointCount(0, value.length());
        double perCharacter = 0;
        for (int count : counts.values()) {
            double p = (double) count / length;
            perCharacter -= p * Math.log(p) / Math.log(2);
        }
        return perCharacter * length;
    }
}
