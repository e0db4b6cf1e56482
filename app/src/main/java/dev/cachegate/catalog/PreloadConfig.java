package dev.cachegate.catalog;

import dev.cachegate.config.ConfigChecks.Between;
import dev.cachegate.config.ConfigChecks.Positive;
import dev.cachegate.config.ConfigChecks.ShorterThan;
import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.context.annotation.Context;
import io.micronaut.core.bind.annotation.Bindable;

import java.time.Duration;

import static dev.cachegate.config.ConfigChecks.check;

/**
 * {@code cachegate.catalog.preload}: the whole catalog in L2, so that a read of a cold product is an L2 hit and not a
 * database load. Validated at startup; every message names the key and echoes the value.
 *
 * @param enabled       false: L2 holds only what reads have loaded
 * @param pageSize      products read per query and written to L2 per pipelined round trip
 * @param checkInterval how often each instance checks that the cache Redis still holds a finished preload, and
 *                      starts one when it does not and no other instance is running one
 * @param refreshEvery  how long a finished preload counts; then it runs again, renewing every entry before the L2 TTL
 *                      expires it. Must be shorter than {@code cachegate.catalog.cache.l2.ttl} less its jitter
 * @param lease         how long a claim to run the preload lasts without progress (renewed every page), after
 *                      which another instance may take over a preload whose runner died
 */
@Context
@ConfigurationProperties("cachegate.catalog.preload")
public record PreloadConfig(@Bindable(defaultValue = "true") boolean enabled,
                            @Bindable(defaultValue = "1000") @Between(min = 1, max = 10_000) int pageSize,
                            @Bindable(defaultValue = "10s") @Positive @ShorterThan("refreshEvery")
                            Duration checkInterval,
                            @Bindable(defaultValue = "3h") @Positive Duration refreshEvery,
                            @Bindable(defaultValue = "1m") @Positive Duration lease) {

    /** Validates, echoing the bad value. */
    public PreloadConfig {
        check(PreloadConfig.class, enabled, pageSize, checkInterval, refreshEvery, lease);
    }
}
