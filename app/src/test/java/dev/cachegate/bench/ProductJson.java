package dev.cachegate.bench;

import dev.cachegate.cache.ValueCodec;
import dev.cachegate.catalog.Product;
import io.micronaut.json.JsonMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The JSON form of a product that every cache of {@link PeerCacheBenchmark} stores in Redis (Micronaut Serde, as
 * cachegate's own product cache does), so that the caches differ in how they cache, not in how they serialize.
 */
final class ProductJson implements ValueCodec<Product> {

    /** The shared instance. */
    static final ProductJson INSTANCE = new ProductJson(JsonMapper.createDefault());

    private final JsonMapper json;

    private ProductJson(JsonMapper json) {
        this.json = json;
    }

    @Override
    public String encode(Product value) {
        return new String(bytes(value), StandardCharsets.UTF_8);
    }

    @Override
    public Product decode(String text) {
        return decode(text.getBytes(StandardCharsets.UTF_8));
    }

    byte[] bytes(Product value) {
        try {
            return json.writeValueAsBytes(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Product decode(byte[] bytes) {
        try {
            return json.readValue(bytes, Product.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @return the underlying mapper, for writing the report */
    JsonMapper mapper() {
        return json;
    }
}
