package dev.cachegate.catalogdata;

import java.util.List;
import java.util.Locale;

/**
 * Deterministic generator of the synthetic product catalog used by cachegate's load tests.
 *
 * <p>Design: {@link #product(long)} is a pure function of {@code (seed, id)}. Every call seeds a
 * fresh SplitMix64 stream from a hash of the seed and the id, so a product never depends on which
 * other ids were generated before it, in what order, or on which thread; any slice of the catalog
 * can be regenerated on its own, and a reload produces byte-identical rows. SplitMix64 and the
 * integer-only price bands are implemented here rather than borrowed from {@code java.util} so the
 * output cannot drift between JDK versions. All text is ASCII drawn from small fixed word lists ({@link Vocabulary}):
 * names repeat across a large catalog, which is fine because only the id and SKU are unique.
 * Instances are immutable and thread-safe.
 */
public final class CatalogGenerator {

    /** The seed used by {@link #CatalogGenerator()} and by the load tests unless told otherwise. */
    public static final long DEFAULT_SEED = 20261122L;

    /** Longest description {@link #product(long)} produces. */
    public static final int MAX_DESCRIPTION_LENGTH = 200;

    /** Lowest price {@link #product(long)} produces, in cents. */
    public static final long MIN_PRICE_CENTS = 99;

    /** Highest price {@link #product(long)} produces, in cents. */
    public static final long MAX_PRICE_CENTS = 99_999;

    /** Currency of every generated product. */
    public static final String CURRENCY = "USD";

    private static final long GOLDEN_GAMMA = 0x9E3779B97F4A7C15L;

    /** Price bands in whole dollars, {lowest, highest, weight}; the weights add up to 100. */
    private static final int[][] DOLLAR_BANDS = {
        {0, 9, 25},
        {10, 49, 40},
        {50, 199, 25},
        {200, 999, 10},
    };

    /** Cents endings other than 99, used for one product in ten. */
    private static final int[] OTHER_CENTS = {0, 49, 95, 50, 89};

    private final long seed;

    /**
     * Creates a generator for the given seed; generators with equal seeds produce equal catalogs.
     *
     * @param seed any value; different seeds give different catalogs
     */
    public CatalogGenerator(long seed) {
        this.seed = seed;
    }

    /** Creates a generator for {@link #DEFAULT_SEED}. */
    public CatalogGenerator() {
        this(DEFAULT_SEED);
    }

    /** Returns the seed this generator was created with. */
    public long seed() {
        return seed;
    }

    /**
     * Returns the product with the given id.
     *
     * @param id product id, at least 1
     * @return the same product for the same seed and id, on every call and in every JVM
     * @throws IllegalArgumentException if {@code id} is zero or negative
     */
    public GeneratedProduct product(long id) {
        if (id < 1) {
            throw new IllegalArgumentException("product id must be positive but was " + id);
        }
        SplitMix64 random = new SplitMix64(mix64(seed ^ mix64(id * GOLDEN_GAMMA)));
        String adjective = pick(Vocabulary.ADJECTIVES, random);
        String material = pick(Vocabulary.MATERIALS, random);
        String noun = pick(Vocabulary.NOUNS, random);
        String name = adjective + ' ' + material + ' ' + noun;
        String description = description(adjective, material, noun, random);
        long priceCents = priceCents(random);
        return new GeneratedProduct(id, sku(id), name, description, priceCents, CURRENCY);
    }

    /**
     * Returns the SKU for an id: the same text as {@code String.format("SKU-%08d", id)}, built
     * without the formatter because the loader calls it millions of times.
     *
     * @param id product id, at least 1
     * @return {@code SKU-} followed by the id, zero-padded to at least eight digits
     */
    public static String sku(long id) {
        if (id < 1) {
            throw new IllegalArgumentException("product id must be positive but was " + id);
        }
        String digits = Long.toString(id);
        StringBuilder sku = new StringBuilder(4 + Math.max(8, digits.length())).append("SKU-");
        for (int pad = digits.length(); pad < 8; pad++) {
            sku.append('0');
        }
        return sku.append(digits).toString();
    }

    @Override
    public String toString() {
        return "CatalogGenerator[seed=" + seed + "]";
    }

    private static String description(String adjective, String material, String noun, SplitMix64 random) {
        String adj = adjective.toLowerCase(Locale.ROOT);
        String mat = material.toLowerCase(Locale.ROOT);
        String thing = noun.toLowerCase(Locale.ROOT);
        String use = pick(Vocabulary.USES, random);
        String benefit = pick(Vocabulary.BENEFITS, random);
        String first = switch (random.nextInt(4)) {
            case 0 -> capitalize(article(adj)) + ' ' + adj + ' ' + thing + " crafted from " + mat
                    + ", built for " + use + '.';
            case 1 -> "This " + mat + ' ' + thing + " pairs " + article(adj) + ' ' + adj + " look with "
                    + benefit + '.';
            case 2 -> "Our " + adj + ' ' + thing + " is made of " + mat + " and designed for " + use + '.';
            default -> adjective + " by design, this " + thing + " relies on " + mat + " for " + benefit + '.';
        };
        if (random.nextInt(10) < 6) {
            String both = first + ' ' + pick(Vocabulary.CLOSERS, random);
            if (both.length() <= MAX_DESCRIPTION_LENGTH) {
                return both;
            }
        }
        return first.length() <= MAX_DESCRIPTION_LENGTH ? first : first.substring(0, MAX_DESCRIPTION_LENGTH);
    }

    private static long priceCents(SplitMix64 random) {
        int roll = random.nextInt(100);
        int[] band = DOLLAR_BANDS[DOLLAR_BANDS.length - 1];
        for (int[] candidate : DOLLAR_BANDS) {
            if (roll < candidate[2]) {
                band = candidate;
                break;
            }
            roll -= candidate[2];
        }
        long dollars = band[0] + random.nextInt(band[1] - band[0] + 1);
        long cents = random.nextInt(10) == 0 ? OTHER_CENTS[random.nextInt(OTHER_CENTS.length)] : 99;
        return Math.max(MIN_PRICE_CENTS, dollars * 100 + cents);
    }

    private static String article(String lowerCaseWord) {
        return "aeiou".indexOf(lowerCaseWord.charAt(0)) >= 0 ? "an" : "a";
    }

    private static String capitalize(String word) {
        return Character.toUpperCase(word.charAt(0)) + word.substring(1);
    }

    private static String pick(Vocabulary list, SplitMix64 random) {
        List<String> words = list.words();
        return words.get(random.nextInt(words.size()));
    }

    private static long mix64(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    private static final class SplitMix64 {
        private long state;

        SplitMix64(long state) {
            this.state = state;
        }

        long nextLong() {
            state += GOLDEN_GAMMA;
            return mix64(state);
        }

        int nextInt(int bound) {
            return (int) (((nextLong() >>> 32) * bound) >>> 32);
        }
    }
}
