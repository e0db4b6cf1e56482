package dev.cachegate.catalog;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

import java.util.List;

/**
 * One page of {@code GET /products}.
 *
 * @param items      products in ascending id order
 * @param nextCursor opaque cursor of the next page; null on the last page
 */
@Serdeable
@JsonInclude(JsonInclude.Include.ALWAYS)
public record ProductPage(List<Product> items, @Nullable String nextCursor) {
}
