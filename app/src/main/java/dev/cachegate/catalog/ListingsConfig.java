package dev.cachegate.catalog;

import dev.cachegate.ConfigChecks;
import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.context.annotation.Context;
import io.micronaut.core.bind.annotation.Bindable;

import java.time.Duration;

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
public record ListingsConfig(@Bindable(defaultValue = "4") int maxConcurrent,
                             @Bindable(defaultValue = "50ms") Duration maxWait) {

    /** Validates, echoing the bad value. */
    public ListingsConfig {
        ConfigChecks.between("cachegate.catalog.listings.max-concurrent", maxConcurrent, 1, 1000);
        ConfigChecks.notNegative("cachegate.catalog.listings.max-wait", maxWait);
    }
}
