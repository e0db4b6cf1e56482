package dev.cachegate.catalog.internal;

import dev.cachegate.cache.CacheLoader;
import dev.cachegate.cache.ValueCodec;
import dev.cachegate.cache.VersionedCache;
import dev.cachegate.cache.VersionedCaches;
import dev.cachegate.catalog.Product;
import dev.cachegate.catalog.ProductRepository;
import io.micronaut.context.annotation.Factory;
import io.micronaut.json.JsonMapper;
import jakarta.inject.Singleton;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * The {@code products} cache: JSON in L2, and a loader that reads the replica unless the cache asks for a version
 * the replica may not have replayed yet, in which case it reads the primary.
 */
@Factory
final class ProductCacheFactory {

    /** The cache's name, in Redis keys and metric tags. */
    static final String NAME = "products";

    @Singleton
    VersionedCache<Product> productCache(VersionedCaches caches, ProductRepository products, JsonMapper json) {
        return caches.create(NAME, new JsonCodec(json), guardedLoader(products));
    }

    static CacheLoader<Product> guardedLoader(ProductRepository products) {
        return (id, minVersion) -> {
            Optional<Product> fromReplica = products.findById(id);
            if (minVersion == 0 || fromReplica.map(p -> p.version() >= minVersion).orElse(false)) {
                return fromReplica;
            }
            return products.findByIdOnPrimary(id);
        };
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
