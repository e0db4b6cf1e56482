package dev.cachegate.cache.internal;

import dev.cachegate.cache.Versioned;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;

/**
 * {@link XFetch}'s refresh point decides, with a fresh random draw per read; a refresh runs on the background
 * executor, at most one per key here (a local guard) and in the cluster (the key's lease). An instance whose L1 copy
 * is older than L2's takes L2's instead of loading again. A refresh that finds a newer version tells the other
 * instances to drop their L1 copies.
 *
 * <p>Failure policy: a refresh that fails is logged at WARN and dropped (the entry keeps being served until it
 * expires, and the next read past the refresh point tries again); a refresh the executor rejects is dropped too.
 */
final class BackgroundRefresh<V extends Versioned> implements Refresh<V> {

    private static final Logger LOG = LoggerFactory.getLogger(BackgroundRefresh.class);

    private final LoadPath<V> path;
    private final Peers peers;
    private final Executor background;
    private final XFetch xfetch;
    private final Set<Long> refreshing = ConcurrentHashMap.newKeySet();

    BackgroundRefresh(LoadPath<V> path, Peers peers, Executor background, XFetch xfetch) {
        this.path = path;
        this.peers = peers;
        this.background = background;
        this.xfetch = xfetch;
    }

    @Override
    public boolean due(Entry<V> entry) {
        return xfetch.due(path.clock().millis(), entry.expiresAt(), entry.loadMillis());
    }

    @Override
    public void inBackground(long key, Entry<V> stale) {
        if (!refreshing.add(key)) {
            return;
        }
        try {
            background.execute(() -> {
                try {
                    refresh(key, stale);
                } catch (RuntimeException e) {
                    LOG.warn("{} key {}: background refresh failed: {}", path.name(), key, e.toString());
                } finally {
                    refreshing.remove(key);
                }
            });
        } catch (RuntimeException rejected) {
            refreshing.remove(key);
        }
    }

    private void refresh(long key, Entry<V> stale) {
        RedisL2<V> l2 = path.l2();
        Leases leases = path.leases();
        if (l2 == null || leases == null) {
            reloaded(stale, key);
            return;
        }
        String token = leases.acquire(key);
        if (token == null) {
            path.metrics().coalesced(true);
            return;
        }
        try {
            if (l2.get(key) instanceof RedisL2.Found<V> current && current.entry().storedAt() > stale.storedAt()
                    && current.entry().version() >= stale.version()) {
                path.coalesced(key, current.entry());
                return;
            }
            reloaded(stale, key);
        } finally {
            leases.release(key, token);
        }
    }

    private void reloaded(Entry<V> stale, long key) {
        Entry<V> fresh = path.loadAndFill(key, stale.version());
        if (fresh.version() > stale.version()) {
            peers.publish(key, fresh.version());
        }
    }
}
