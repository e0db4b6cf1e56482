package dev.cachegate.catalogdata;

/**
 * One row of the synthetic product catalog, as produced by {@link CatalogGenerator#product(long)}.
 *
 * <p>The fields mirror the {@code products} table; {@code version} and {@code updated_at} are not
 * part of the record because every generated row has the same values for them (see
 * {@link CatalogLoader#VERSION} and {@link CatalogLoader#UPDATED_AT}).
 *
 * @param id          primary key, 1-based
 * @param sku         {@code SKU-} followed by the id, zero-padded to at least eight digits
 * @param name        adjective, material and noun, e.g. {@code Rugged Bamboo Kettle}
 * @param description one or two sentences of at most 200 characters
 * @param priceCents  price in cents, between 99 and 99,999
 * @param currency    ISO 4217 code, always {@code USD}
 */
public record GeneratedProduct(long id, String sku, String name, String description, long priceCents, String currency) {
}
