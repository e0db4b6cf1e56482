package dev.cachegate.catalog.internal;

import com.github.benmanes.caffeine.cache.Ticker;
import dev.cachegate.cache.CacheLoader;
import dev.cachegate.cache.ValueCodec;
import dev.cachegate.cache.VersionedCache;
import dev.cachegate.cache.VersionedCaches;
import dev.cachegate.cache.Watermark;
import dev.cachegate.catalog.ChangeFeedConfig;
import dev.cachegate.catalog.Product;
import dev.cachegate.catalog.ProductRepository;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Value;
import io.micronaut.json.JsonMapper;
import jakarta.inject.Singleton;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;

/**
 * The {@code products} cache: JSON in L2, and a loader that reads the replica unless the cache asks for a version
 * the replica may not have replayed yet, in which case it reads the primary. {@code cachegate.catalog.load-delay}
 * (0 by default) adds latency to every load, to reproduce the catalog's 250 ms uncached P99 in demos and benchmarks,
 * where a loopback database answers too fast for a stampede to be visible.
 */
@Factory
final class ProductCacheFactory {

    /** The cache's name, in Redis keys and metric tags. */
    static final String NAME = "products";

    @Singleton
    VersionedCache<Product> productCache(VersionedCaches caches, ProductRepository products, JsonMapper json,
                                         @Value("${cachegate.catalog.load-delay:0ms}") Duration loadDelay,
                                         Watermark watermark) {
        return caches.create(NAME, new JsonCodec(json), guardedLoader(products, loadDelay), watermark);
    }

    /** How current the product cache is: driven by the {@link ChangeFeed}, or untracked in the TTL-only design. */
    @Singleton
    Watermark productWatermark(ChangeFeedConfig config, MeterRegistry meters, Ticker ticker) {
        Watermark watermark = config.enabled() ? new Watermark(config.maxLag(), ticker::read)
                : Watermark.untracked();
        watermark.bindTo(meters, NAME);
        return watermark;
    }

    static CacheLoader<Product> guardedLoader(ProductRepository products, Duration loadDelay) {
        return (id, minVersion) -> {
            if (!loadDelay.isZero()) {
                pause(loadDelay);
            }
            Optional<Product> fromReplica = products.findById(id);
            if (minVersion == 0 || fromReplica.map(p -> p.version() >= minVersion).orElse(false)) {
                return fromReplica;
            }
            return products.findByIdOnPrimary(id);
        };
    }

    private static void pause(Duration delay) {
        try {
            Thread.sleep(delay);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private record JsonCodec(JsonMapper json) implements ValueCodec<Product> {
        @Override
        public String encode(Product value) {
            try {
                return new String(json.writeValueAsBytes(value), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public Product decode(String text) {
            try {
                return json.readValue(text, Product.class);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
