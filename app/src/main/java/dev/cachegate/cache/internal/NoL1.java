package dev.cachegate.cache.internal;

import io.micronaut.core.annotation.Nullable;

/** The L1 of {@code l1.enabled=false}: holds nothing. */
final class NoL1<V> implements LocalLayer<V> {

    @Override
    public boolean enabled() {
        return false;
    }

    @Override
    public @Nullable Entry<V> get(long key) {
        return null;
    }

    @Override
    public void offer(long key, Entry<V> entry) {
    }

    @Override
    public void drop(long key, long version) {
    }

    @Override
    public void clear() {
    }
}
