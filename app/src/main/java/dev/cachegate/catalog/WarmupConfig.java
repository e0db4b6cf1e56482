package dev.cachegate.catalog;

import dev.cachegate.config.ConfigChecks.Between;
import dev.cachegate.config.ConfigChecks.Positive;
import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.context.annotation.Context;
import io.micronaut.core.bind.annotation.Bindable;

import java.time.Duration;

import static dev.cachegate.config.ConfigChecks.check;

/**
 * {@code cachegate.catalog.warmup}: what a starting instance does before {@code /health/readiness} lets traffic in.
 * Validated at startup; every message names the key and echoes the value.
 *
 * @param enabled     false: the instance is ready as soon as it listens, with a cold L1 and a cold JIT
 * @param hotSet      products 1..N (the head of the popularity model: the seed's 50,000 take 99% of reads) written
 *                    to L2 from the database a page at a time, then read into this instance's L1; 0: none
 * @param requests    {@code GET /products/{id}} requests this instance sends itself over loopback for the first 1,000
 *                    hot ids, once they are in L1, so the JIT has compiled the serving path before real traffic
 *                    arrives; 0: none. They count in {@code /stats} and the metrics like any request
 * @param concurrency threads that read the hot set and connections that send the requests
 * @param maxDuration the longest the warm-up keeps readiness closed; past it the instance serves as it is
 */
@Context
@ConfigurationProperties("cachegate.catalog.warmup")
public record WarmupConfig(@Bindable(defaultValue = "true") boolean enabled,
                           @Bindable(defaultValue = "50000") @Between(min = 0, max = 10_000_000) int hotSet,
                           @Bindable(defaultValue = "20000") @Between(min = 0, max = 10_000_000) int requests,
                           @Bindable(defaultValue = "4") @Between(min = 1, max = 64) int concurrency,
                           @Bindable(defaultValue = "60s") @Positive Duration maxDuration) {

    /** Validates, echoing the bad value. */
    public WarmupConfig {
        check(WarmupConfig.class, enabled, hotSet, requests, concurrency, maxDuration);
    }
}
