package dev.cachegate.catalogdata;

import java.util.Locale;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * The traffic model the load tests use to pick which product each request reads.
 *
 * <p>Design: a two-tier model rather than a Zipf curve, because it states the cache's working set
 * exactly. The {@link #standard(long) standard} model sends 99% of requests to the top 50,000
 * products (ids 1..50,000, uniform within that hot set) and 1% uniformly to the rest of the
 * catalog (50,001..N): a cache that holds the hot set should serve about 99% of reads, and the cold
 * 1% keeps the database path exercised. Popularity follows the id, so "the top 50,000" are simply
 * ids 1..50,000 and {@link #isHot(long)} is a comparison. The model is immutable and draws all
 * randomness from the caller's {@link RandomGenerator}, so a seeded generator replays the same
 * sequence of ids.
 */
public final class PopularityModel {

    /** Size of the hot set in the {@link #standard(long) standard} model. */
    public static final long STANDARD_HOT_SET_SIZE = 50_000;

    /** Share of requests that go to the hot set in the {@link #standard(long) standard} model. */
    public static final double STANDARD_HOT_SHARE = 0.99;

    private final long catalogSize;
    private final long hotSetSize;
    private final double hotShare;

    /**
     * Creates a model over products 1..catalogSize whose first {@code hotSetSize} ids receive
     * {@code hotShare} of the traffic. When the hot set is the whole catalog, all traffic is hot
     * whatever {@code hotShare} says.
     *
     * @param catalogSize number of products, at least 1
     * @param hotSetSize  number of hot products, between 1 and {@code catalogSize}
     * @param hotShare    share of requests that go to the hot set, in (0, 1]
     * @throws IllegalArgumentException if an argument is out of range; the message echoes it
     */
    public PopularityModel(long catalogSize, long hotSetSize, double hotShare) {
        if (catalogSize < 1) {
            throw new IllegalArgumentException("catalog size must be positive but was " + catalogSize);
        }
        if (hotSetSize < 1) {
            throw new IllegalArgumentException("hot set size must be positive but was " + hotSetSize);
        }
        if (hotSetSize > catalogSize) {
            throw new IllegalArgumentException("hot set size must not exceed the catalog size (" + catalogSize
                    + ") but was " + hotSetSize);
        }
        if (!(hotShare > 0 && hotShare <= 1)) {
            throw new IllegalArgumentException("hot share must be in (0, 1] but was " + hotShare);
        }
        this.catalogSize = catalogSize;
        this.hotSetSize = hotSetSize;
        this.hotShare = hotSetSize == catalogSize ? 1.0 : hotShare;
    }

    /**
     * Returns the standard load-test model: 99% of requests to ids 1..min(50,000, catalogSize),
     * the rest uniformly to the remaining ids.
     *
     * @param catalogSize number of products, at least 1
     * @throws IllegalArgumentException if {@code catalogSize} is not positive
     */
    public static PopularityModel standard(long catalogSize) {
        if (catalogSize < 1) {
            throw new IllegalArgumentException("catalog size must be positive but was " + catalogSize);
        }
        return new PopularityModel(catalogSize, Math.min(STANDARD_HOT_SET_SIZE, catalogSize), STANDARD_HOT_SHARE);
    }

    /**
     * Draws the id of the product the next request reads.
     *
     * @param random source of randomness; a seeded one makes the sequence reproducible
     * @return an id in 1..{@link #catalogSize()}
     */
    public long nextId(RandomGenerator random) {
        Objects.requireNonNull(random, "random");
        if (hotSetSize == catalogSize || random.nextDouble() < hotShare) {
            return random.nextLong(1, hotSetSize + 1);
        }
        return random.nextLong(hotSetSize + 1, catalogSize + 1);
    }

    /** Returns whether {@code id} belongs to the hot set (ids 1..{@link #hotSetSize()}). */
    public boolean isHot(long id) {
        return id >= 1 && id <= hotSetSize;
    }

    /** Returns the number of products, ids 1..catalogSize. */
    public long catalogSize() {
        return catalogSize;
    }

    /** Returns the number of hot products, ids 1..hotSetSize. */
    public long hotSetSize() {
        return hotSetSize;
    }

    /** Returns the share of requests that go to the hot set; 1.0 when the hot set is the whole catalog. */
    public double hotShare() {
        return hotShare;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof PopularityModel that
                && catalogSize == that.catalogSize
                && hotSetSize == that.hotSetSize
                && Double.compare(hotShare, that.hotShare) == 0;
    }

    @Override
    public int hashCode() {
        return Objects.hash(catalogSize, hotSetSize, hotShare);
    }

    /** States the model in one line, e.g. the standard model over 5,000,000 products. */
    @Override
    public String toString() {
        if (hotSetSize == catalogSize) {
            return "100% of requests go uniformly to all " + count(catalogSize) + " products (ids 1.."
                    + count(catalogSize) + ")";
        }
        String hot = percent(hotShare) + " of requests go to the top " + count(hotSetSize) + " products (ids 1.."
                + count(hotSetSize) + ", uniform within that hot set); ";
        String rest = "the rest of the catalog (" + count(hotSetSize + 1) + ".." + count(catalogSize) + ")";
        return hotShare == 1.0
                ? hot + rest + " gets none"
                : hot + percent(1.0 - hotShare) + " go uniformly to " + rest;
    }

    private static String count(long value) {
        return String.format(Locale.ROOT, "%,d", value);
    }

    private static String percent(double share) {
        String text = String.format(Locale.ROOT, "%.3f", share * 100).replaceAll("\\.?0+$", "");
        return text + "%";
    }
}
