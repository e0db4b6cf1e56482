package dev.cachegate.cache;

/** A cached value with a version that grows with every change: the basis of fencing and invalidation. */
public interface Versioned {

    /** @return the version, at least 1 */
    long version();
}
