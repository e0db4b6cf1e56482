package dev.cachegate.cache;

import java.time.Duration;

/**
 * What a tiered cache is told by the feature that owns it: plain, already validated values. The cache binds no
 * configuration of its own; the owner binds its keys (and names them in its error messages) and hands them over
 * through this role.
 */
public interface CacheSettings {

    /** @return the update pattern */
    Strategy strategy();

    /** @return the in-process layer */
    L1 l1();

    /** @return the shared Redis layer */
    L2 l2();

    /** @return how long "the source has none" is remembered */
    Duration negativeTtl();

    /** @return how long an invalidation's minimum version is remembered */
    Duration tombstoneTtl();

    /** @return how many keys' minimum versions this instance remembers at most */
    long tombstoneMaxEntries();

    /** @return the fraction (0–0.5) by which each entry's TTL is randomly shortened */
    double jitter();

    /** @return XFetch's β for refresh-ahead */
    double beta();

    /** @return how concurrent misses of one key are collapsed */
    SingleFlight singleFlight();

    /** @return the bound on concurrent loads from the source */
    Bulkhead bulkhead();

    /** The in-process layer. */
    interface L1 {
        /** @return whether the layer is used */
        boolean enabled();

        /** @return entries kept */
        long maximumSize();

        /** @return longest an entry is kept */
        Duration ttl();
    }

    /** The shared Redis layer. */
    interface L2 {
        /** @return whether the layer is used */
        boolean enabled();

        /** @return longest an entry is kept */
        Duration ttl();
    }

    /** How concurrent misses of one key are collapsed. */
    interface SingleFlight {
        /** @return collapse them inside this instance */
        boolean local();

        /** @return collapse them across instances with a Redis lease */
        boolean cluster();

        /** @return how long a lease holder may take before others load themselves */
        Duration leaseTtl();

        /** @return how long an instance waits for another's fill */
        Duration waitTimeout();

        /** @return how often a waiter looks at L2 when no fill signal came */
        Duration recheck();
    }

    /** The bound on concurrent loads from the source. */
    interface Bulkhead {
        /** @return loads running at once, per instance */
        int maxConcurrentLoads();

        /** @return how long a load waits for a slot */
        Duration maxWait();
    }
}
