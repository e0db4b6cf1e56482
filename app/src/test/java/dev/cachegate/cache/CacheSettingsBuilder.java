package dev.cachegate.cache;

import java.time.Duration;

/**
 * {@link CacheSettings} for tests, starting from the defaults of {@code application.yml}; each test names only what it
 * changes.
 */
public final class CacheSettingsBuilder {

    private Strategy strategy = Strategy.CACHE_ASIDE;
    private Layer1 l1 = new Layer1(true, 100_000, Duration.ofHours(1));
    private Layer2 l2 = new Layer2(true, Duration.ofHours(6));
    private final Duration negativeTtl = Duration.ofSeconds(5);
    private Duration tombstoneTtl = Duration.ofSeconds(30);
    private final long tombstoneMaxEntries = 100_000;
    private double jitter = 0.1;
    private final double beta = 1.0;
    private Flight singleFlight = new Flight(true, true, Duration.ofSeconds(2), Duration.ofSeconds(2),
            Duration.ofMillis(50));
    private Slots bulkhead = new Slots(32, Duration.ofMillis(200));

    private CacheSettingsBuilder() {
    }

    /** @return a builder holding the defaults */
    public static CacheSettingsBuilder defaults() {
        return new CacheSettingsBuilder();
    }

    public CacheSettingsBuilder strategy(Strategy value) {
        strategy = value;
        return this;
    }

    public CacheSettingsBuilder l1(boolean enabled, long maximumSize, Duration ttl) {
        l1 = new Layer1(enabled, maximumSize, ttl);
        return this;
    }

    public CacheSettingsBuilder l1Ttl(Duration ttl) {
        return l1(l1.enabled(), l1.maximumSize(), ttl);
    }

    public CacheSettingsBuilder l2(boolean enabled, Duration ttl) {
        l2 = new Layer2(enabled, ttl);
        return this;
    }

    /** L2 switched off: the L1 mechanics alone, no Redis. */
    public CacheSettingsBuilder withoutL2() {
        return l2(false, l2.ttl());
    }

    public CacheSettingsBuilder l2Ttl(Duration ttl) {
        return l2(l2.enabled(), ttl);
    }

    public CacheSettingsBuilder tombstoneTtl(Duration value) {
        tombstoneTtl = value;
        return this;
    }

    public CacheSettingsBuilder jitter(double value) {
        jitter = value;
        return this;
    }

    public CacheSettingsBuilder singleFlight(boolean local, boolean cluster, Duration leaseTtl, Duration waitTimeout,
                                             Duration recheck) {
        singleFlight = new Flight(local, cluster, leaseTtl, waitTimeout, recheck);
        return this;
    }

    public CacheSettingsBuilder bulkhead(int maxConcurrentLoads, Duration maxWait) {
        bulkhead = new Slots(maxConcurrentLoads, maxWait);
        return this;
    }

    /** @return the settings */
    public CacheSettings build() {
        return new Settings(strategy, l1, l2, negativeTtl, tombstoneTtl, tombstoneMaxEntries, jitter, beta,
                singleFlight, bulkhead);
    }

    private record Settings(Strategy strategy, Layer1 l1, Layer2 l2, Duration negativeTtl, Duration tombstoneTtl,
                            long tombstoneMaxEntries, double jitter, double beta, Flight singleFlight, Slots bulkhead)
            implements CacheSettings {
    }

    private record Layer1(boolean enabled, long maximumSize, Duration ttl) implements CacheSettings.L1 {
    }

    private record Layer2(boolean enabled, Duration ttl) implements CacheSettings.L2 {
    }

    private record Flight(boolean local, boolean cluster, Duration leaseTtl, Duration waitTimeout, Duration recheck)
            implements CacheSettings.SingleFlight {
    }

    private record Slots(int maxConcurrentLoads, Duration maxWait) implements CacheSettings.Bulkhead {
    }
}
