package dev.cachegate.cache;

/** Which layer answered a read: the {@code X-Cache} response header. */
public enum Layer {
    /** This instance's Caffeine cache. */
    L1,
    /** The shared Redis cache. */
    L2,
    /** Neither: loaded from the database. */
    MISS
}
