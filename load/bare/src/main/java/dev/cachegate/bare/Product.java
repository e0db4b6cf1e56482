package dev.cachegate.bare;

import io.micronaut.serde.annotation.Serdeable;

import java.time.Instant;

/**
 * The JSON shape of cachegate's {@code dev.cachegate.catalog.Product}: the same components in the same order, so
 * the same values serialize to the same bytes.
 *
 * @param id          product id
 * @param sku         stock-keeping unit
 * @param name        display name
 * @param description short description
 * @param priceCents  price in the currency's minor unit
 * @param currency    ISO 4217 code
 * @param version     version of the product
 * @param updatedAt   when the product last changed, written as an ISO-8601 instant
 */
@Serdeable
public record Product(long id, String sku, String name, String description, long priceCents, String currency,
                      long version, Instant updatedAt) {
}
