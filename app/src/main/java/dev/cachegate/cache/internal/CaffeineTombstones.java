package dev.cachegate.cache.internal;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;

import java.time.Duration;

/** The tombstones in a bounded Caffeine cache, expiring by the injected ticker. */
final class CaffeineTombstones implements Tombstones {

    private final Cache<Long, Long> versions;

    /**
     * @param ttl        how long a minimum version is remembered
     * @param maxEntries how many keys' at most
     * @param ticker     the time source of the TTL
     */
    CaffeineTombstones(Duration ttl, long maxEntries, Ticker ticker) {
        this.versions = Caffeine.newBuilder().executor(Runnable::run).ticker(ticker).maximumSize(maxEntries)
                .expireAfterWrite(ttl).build();
    }

    @Override
    public long minVersion(long key) {
        Long version = versions.getIfPresent(key);
        return version == null ? 0 : version;
    }

    @Override
    public void raise(long key, long version) {
        versions.asMap().merge(key, version, Math::max);
    }
}
