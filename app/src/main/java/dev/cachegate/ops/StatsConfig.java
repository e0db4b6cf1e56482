package dev.cachegate.ops;

import dev.cachegate.config.ConfigChecks.Between;
import dev.cachegate.config.ConfigChecks.Positive;
import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.context.annotation.Context;
import io.micronaut.core.bind.annotation.Bindable;

import java.time.Duration;

import static dev.cachegate.config.ConfigChecks.check;

/**
 * {@code cachegate.stats}: the cluster-wide recent-requests list behind {@code GET /stats}.
 *
 * @param size          how many requests the list keeps
 * @param key           the Redis key of the list
 * @param flushInterval how often an instance sends its recorded requests, in one call; the bound on how late
 *                      another instance's request can appear (this instance's own appear at once)
 */
@Context
@ConfigurationProperties("cachegate.stats")
public record StatsConfig(@Bindable(defaultValue = "10") @Between(min = 1, max = 1000) int size,
                          @Bindable(defaultValue = "cachegate:stats:recent") String key,
                          @Bindable(defaultValue = "50ms") @Positive Duration flushInterval) {

    /** Validates, echoing the bad value. */
    public StatsConfig {
        check(StatsConfig.class, size, key, flushInterval);
        if (key == null || key.isBlank()) {
            throw new IllegalArgumentException("cachegate.stats.key must not be blank but was '" + key + "'");
        }
    }
}
