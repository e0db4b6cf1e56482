package dev.cachegate.catalog;

import dev.cachegate.config.ConfigChecks.Between;
import dev.cachegate.config.ConfigChecks.NotNegative;
import dev.cachegate.config.ConfigChecks.Positive;
import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.context.annotation.Context;
import io.micronaut.core.bind.annotation.Bindable;

import java.time.Duration;

import static dev.cachegate.config.ConfigChecks.check;

/**
 * {@code cachegate.catalog}: the catalog API.
 *
 * @param defaultPageSize items per page when a request gives no {@code limit}
 * @param maxPageSize     the cap on {@code limit}; larger values are served this many
 * @param cursorSecret    HMAC key of page cursors; every instance of a cluster needs the same one
 * @param seedProducts    products generated into an empty catalog at startup; 0 leaves the catalog alone
 * @param maxStaleness    the freshness budget: the oldest price any path may serve after a change
 *                        ({@link FreshnessBudget})
 * @param clockSkew       the budget's allowance for clocks that disagree between machines
 */
@Context
@ConfigurationProperties("cachegate.catalog")
public record CatalogConfig(@Bindable(defaultValue = "20") int defaultPageSize,
                            @Bindable(defaultValue = "100") @Between(min = 1, max = 1000) int maxPageSize,
                            String cursorSecret,
                            @Bindable(defaultValue = "0") @NotNegative long seedProducts,
                            @Bindable(defaultValue = "60s") @Positive Duration maxStaleness,
                            @Bindable(defaultValue = "1s") @NotNegative Duration clockSkew) {

    /** Validates, echoing the bad value. */
    public CatalogConfig {
        check(CatalogConfig.class, defaultPageSize, maxPageSize, cursorSecret, seedProducts, maxStaleness, clockSkew);
        if (defaultPageSize < 1 || defaultPageSize > maxPageSize) {
            throw new IllegalArgumentException("cachegate.catalog.default-page-size must be between 1 and "
                    + "cachegate.catalog.max-page-size (" + maxPageSize + ") but was " + defaultPageSize);
        }
        if (cursorSecret == null || cursorSecret.length() < 16) {
            throw new IllegalArgumentException("cachegate.catalog.cursor-secret (CACHEGATE_CATALOG_CURSOR_SECRET) must "
                    + "be at least 16 characters but was " + (cursorSecret == null ? "unset"
                    : cursorSecret.length() + " characters long"));
        }
    }
}
