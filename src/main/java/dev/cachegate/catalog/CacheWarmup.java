package dev.cachegate.catalog;

import dev.cachegate.cache.CacheConfig;
import dev.cachegate.cache.VersionedCache;
import io.micronaut.context.event.StartupEvent;
import io.micronaut.runtime.event.annotation.EventListener;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Preloads the hottest products (ids 1..{@code cachegate.catalog.cache.warmup-count}, the head of the popularity
 * model) in the background after startup, so a new instance does not meet its first traffic with a cold L1.
 */
@Singleton
final class CacheWarmup {

    private static final Logger LOG = LoggerFactory.getLogger(CacheWarmup.class);

    private final VersionedCache<Product> cache;
    private final int count;

    CacheWarmup(VersionedCache<Product> cache, CacheConfig config) {
        this.cache = cache;
        this.count = config.warmupCount();
    }

    @EventListener
    @ExecuteOn(TaskExecutors.BLOCKING)
    void warm(StartupEvent event) {
        if (count == 0) {
            return;
        }
        long start = System.nanoTime();
        for (long id = 1; id <= count; id++) {
            try {
                cache.get(id);
            } catch (RuntimeException e) {
                LOG.warn("Warm-up stopped at product {}: {}", id, e.toString());
                return;
            }
        }
        LOG.info("Warmed {} products in {} ms", count, (System.nanoTime() - start) / 1_000_000);
    }
}
