package dev.cachegate.cache.internal;

import io.micronaut.core.annotation.Nullable;

/** The peers reached through an {@link InvalidationBus}, once one is attached; none before, or with strategy none. */
final class BusPeers implements Peers {

    private volatile @Nullable InvalidationBus bus;

    void attach(InvalidationBus invalidationBus) {
        this.bus = invalidationBus;
    }

    void close() {
        InvalidationBus current = bus;
        if (current != null) {
            current.close();
        }
    }

    @Override
    public boolean publish(long key, long version) {
        InvalidationBus current = bus;
        return current == null || current.publish(key, version);
    }

    @Override
    public void signalReleased(long key) {
        InvalidationBus current = bus;
        if (current != null) {
            current.signalReleased(key);
        }
    }
}
