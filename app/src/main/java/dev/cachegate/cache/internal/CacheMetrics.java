package dev.cachegate.cache.internal;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import java.util.concurrent.TimeUnit;

/** The cache's meters, with the names the README documents. */
final class CacheMetrics {

    private final MeterRegistry registry;
    private final String cache;
    private final Counter l1Hits;
    private final Counter l1Misses;
    private final Counter l2Hits;
    private final Counter l2Misses;
    private final Counter loads;
    private final Timer loadTime;
    private final Counter coalescedLocal;
    private final Counter coalescedCluster;
    private final Counter untrusted;

    CacheMetrics(MeterRegistry registry, String cache) {
        this.registry = registry;
        this.cache = cache;
        this.l1Hits = gets("l1", "hit");
        this.l1Misses = gets("l1", "miss");
        this.l2Hits = gets("l2", "hit");
        this.l2Misses = gets("l2", "miss");
        this.loads = Counter.builder("cachegate.cache.loads").tag("cache", cache)
                .description("Values fetched from a database to fill the cache").register(registry);
        this.loadTime = Timer.builder("cachegate.cache.load").tag("cache", cache)
                .description("Time to fetch a value from a database").register(registry);
        this.coalescedLocal = coalesced("local");
        this.coalescedCluster = coalesced("cluster");
        this.untrusted = Counter.builder("cachegate.cache.untrusted").tag("cache", cache)
                .description("Reads that skipped the cache because this instance's change-stream watermark was "
                        + "behind").register(registry);
    }

    private Counter gets(String layer, String result) {
        return Counter.builder("cachegate.cache.gets").tag("cache", cache).tag("layer", layer).tag("result", result)
                .register(registry);
    }

    private Counter coalesced(String scope) {
        return Counter.builder("cachegate.cache.coalesced").tag("cache", cache).tag("scope", scope)
                .description("Reads that waited for another reader's load instead of loading").register(registry);
    }

    void l1(boolean hit) {
        (hit ? l1Hits : l1Misses).increment();
    }

    void l2(boolean hit) {
        (hit ? l2Hits : l2Misses).increment();
    }

    void loaded(long nanos) {
        loads.increment();
        loadTime.record(nanos, TimeUnit.NANOSECONDS);
    }

    void untrusted() {
        untrusted.increment();
    }

    void coalesced(boolean cluster) {
        (cluster ? coalescedCluster : coalescedLocal).increment();
    }

    void invalidation(String direction, String result) {
        registry.counter("cachegate.cache.invalidations", "cache", cache, "direction", direction, "result", result)
                .increment();
    }

    void fillSignal(String direction, String result) {
        registry.counter("cachegate.cache.fill.signals", "cache", cache, "direction", direction, "result", result)
                .increment();
    }

    void fillWait(String woken) {
        registry.counter("cachegate.cache.fill.waits", "cache", cache, "woken", woken).increment();
    }

    void l1Cleared(String reason) {
        registry.counter("cachegate.cache.l1.clears", "cache", cache, "reason", reason).increment();
    }

    void l2Error(String operation) {
        registry.counter("cachegate.cache.l2.errors", "cache", cache, "operation", operation).increment();
    }
}
