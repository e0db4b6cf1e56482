package dev.cachegate.catalog;

import dev.cachegate.cache.Versioned;
import io.micronaut.serde.annotation.Serdeable;

import java.time.Instant;

/**
 * A product as every client sees it: the JSON contract of {@code GET /products/{id}}.
 *
 * @param id          positive 64-bit id
 * @param sku         stock-keeping unit
 * @param name        display name
 * @param description short description
 * @param priceCents  price in the currency's minor unit
 * @param currency    ISO 4217 code
 * @param version     incremented by every change; the basis of ETags and cache fencing
 * @param updatedAt   when the product last changed
 */
@Serdeable
public record Product(long id, String sku, String name, String description, long priceCents, String currency,
                      long version, Instant updatedAt) implements Versioned {

    /** @return the strong entity tag of this version */
    public String etag() {
        return "\"" + version + "\"";
    }
}
