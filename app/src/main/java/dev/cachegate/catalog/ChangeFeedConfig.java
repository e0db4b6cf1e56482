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
 * {@code cachegate.catalog.changes}: the change stream that keeps cached prices fresh. Validated at startup; every
 * message names the key and echoes the value.
 *
 * @param enabled      false returns to the TTL-only design, where the cache TTLs alone bound staleness
 * @param pollInterval how often each instance reads the stream; pub/sub carries most changes sooner
 * @param maxLag       the oldest this instance's watermark may be for cached entries to be served; past it reads go
 *                     to the database. The application's term in the freshness budget
 * @param batchSize    changes read per poll
 * @param retention    how long changes stay in the stream; at least the L2 TTL, since a restarting instance
 *                     replays that window into L2
 */
@Context
@ConfigurationProperties("cachegate.catalog.changes")
public record ChangeFeedConfig(@Bindable(defaultValue = "true") boolean enabled,
                               @Bindable(defaultValue = "200ms") @Positive @ShorterThan("maxLag") Duration pollInterval,
                               @Bindable(defaultValue = "3s") @Positive Duration maxLag,
                               @Bindable(defaultValue = "1000") @Between(min = 1, max = 100_000) int batchSize,
                               @Bindable(defaultValue = "24h") @Positive Duration retention) {

    /** Validates, echoing the bad value. */
    public ChangeFeedConfig {
        check(ChangeFeedConfig.class, enabled, pollInterval, maxLag, batchSize, retention);
    }
}
