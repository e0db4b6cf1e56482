package dev.cachegate.cache.internal;

import dev.cachegate.cache.Versioned;
import io.micronaut.core.annotation.Nullable;

/**
 * Fills L2 through its version-keeping script first, then L1 with whichever entry won; L1 applies its own tombstones.
 *
 * <p>Failure policy: L2 degrades. When Redis cannot be reached the entry still goes into L1, and the failure is
 * logged and counted.
 */
final class FencedFill<V extends Versioned> implements Fill<V> {

    private final String name;
    private final @Nullable RedisL2<V> l2;
    private final LocalLayer<V> l1;

    FencedFill(String name, @Nullable RedisL2<V> l2, LocalLayer<V> l1) {
        this.name = name;
        this.l2 = l2;
        this.l1 = l1;
    }

    @Override
    public Entry<V> fill(long key, Entry<V> entry) {
        if (l2 != null) {
            try {
                if (!l2.putIfNewer(key, entry) && l2.get(key) instanceof RedisL2.Found<V> newer
                        && newer.entry().version() > entry.version()) {
                    l1.offer(key, newer.entry());
                    return newer.entry();
                }
            } catch (L2Unavailable e) {
                e.logDegraded(name);
            }
        }
        l1.offer(key, entry);
        return entry;
    }
}
