package dev.cachegate.cache.internal;

import io.micronaut.core.annotation.Nullable;

import java.util.concurrent.CompletableFuture;

/**
 * Cluster-wide leases, one per key, so that one instance loads a missing key while the others wait for its fill, and
 * the signals that wake those waiters when a lease is released (here or on another instance).
 */
interface Leases {

    /**
     * @param key the key
     * @return the token of the lease now held, or null when another holds it
     * @throws L2Unavailable when the lease store cannot be reached
     */
    @Nullable String acquire(long key);

    /**
     * @param key the key
     * @return whether anyone holds its lease
     * @throws L2Unavailable when the lease store cannot be reached
     */
    boolean held(long key);

    /**
     * Releases a lease this instance holds and signals the instances waiting for it; never fails.
     *
     * @param key   the key
     * @param token what {@link #acquire} returned
     */
    void release(long key, String token);

    /**
     * Registers for the next release of the key's lease. Register before looking at L2, so that a release between the
     * look and the wait still wakes the waiter.
     *
     * @param key the key
     * @return completes at the next release signal
     */
    CompletableFuture<Void> nextRelease(long key);

    /**
     * Drops a registration that is no longer waited for.
     *
     * @param key    the key
     * @param signal what {@link #nextRelease} returned
     */
    void forget(long key, CompletableFuture<Void> signal);

    /**
     * Completes the waiters' registrations for the key: its lease was released.
     *
     * @param key the key
     */
    void released(long key);
}
