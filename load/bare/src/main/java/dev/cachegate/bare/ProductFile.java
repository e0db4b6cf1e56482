package dev.cachegate.bare;

import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Value;
import io.micronaut.context.exceptions.ConfigurationException;
import io.micronaut.serde.ObjectMapper;
import jakarta.inject.Singleton;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads the served product from {@code bare.product-file} once, at startup. */
@Factory
public class ProductFile {

    /**
     * @param file   path of a JSON product
     * @param mapper the application's serde mapper
     * @return the product every request is answered with
     * @throws IOException when the file cannot be read or parsed
     */
    @Singleton
    Product product(@Value("${bare.product-file:}") String file, ObjectMapper mapper) throws IOException {
        if (file.isBlank()) {
            throw new ConfigurationException("set bare.product-file (-Dbare.product-file=PATH or BARE_PRODUCT_FILE)");
        }
        return mapper.readValue(Files.readAllBytes(Path.of(file)), Product.class);
    }
}
