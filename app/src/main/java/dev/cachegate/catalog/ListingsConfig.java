package dev.cachegate.catalog;

import dev.cachegate.config.ConfigChecks.Between;
import dev.cachegate.config.ConfigChecks.NotNegative;
import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.context.annotation.Context;
import io.micronaut.core.bind.annotation.Bindable;

import java.time.Duration;

import static dev.cachegate.config.ConfigChecks.check;

/**
 * {@code cachegate.catalog.listings}: the bulkhead of {@code GET /products?…}. A page is an uncached range read of the
 * replica; without a bound, a burst of them takes every replica connection and starves the product loads behind the
 * cache. Validated at startup; every message names the key and echoes the value.
 *
 * @param maxConcurrent page reads at once per instance; keep it below the replica pool's size
 * @param maxWait       how long a page read waits for a slot before a 503 {@code overloaded}
 */
@Context
@ConfigurationProperties("cachegate.catalog.listings")
public record ListingsConfig(@Bindable(defaultValue = "4") @Between(min = 1, max = 1000) int maxConcurrent,
                             @Bindable(defaultValue = "50ms") @NotNegative Duration maxWait) {

    /** Validates, echoing the bad value. */
    public ListingsConfig {
        check(ListingsConfig.class, maxConcurrent, maxWait);
    }
}
