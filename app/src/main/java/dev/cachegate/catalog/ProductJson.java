package dev.cachegate.catalog;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.cachegate.cache.CacheSettings;
import io.micronaut.json.JsonMapper;
import jakarta.inject.Singleton;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Products' JSON, encoded once per product version and kept as bytes, so that a read the cache answers writes bytes
 * instead of serializing a record. Keyed by the whole product (records compare every field), so a changed product
 * never finds another's bytes; bounded like L1, whose entries it shadows.
 */
@Singleton
final class ProductJson {

    private final JsonMapper json;
    private final Cache<Product, byte[]> encoded;

    ProductJson(JsonMapper json, CacheSettings config) {
        this.json = json;
        this.encoded = Caffeine.newBuilder().maximumSize(config.l1().maximumSize()).build();
    }

    /**
     * @param product a product
     * @return its JSON, as {@code GET /products/{id}} answers it
     */
    byte[] of(Product product) {
        return encoded.get(product, this::encode);
    }

    private byte[] encode(Product product) {
        try {
            return json.writeValueAsBytes(product);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
