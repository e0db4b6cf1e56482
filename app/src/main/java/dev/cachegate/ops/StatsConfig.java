package dev.cachegate.ops;

import dev.cachegate.ConfigChecks;
import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.context.annotation.Context;
import io.micronaut.core.bind.annotation.Bindable;

import java.time.Duration;

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
public record StatsConfig(@Bindable(defaultValue = "10") int size,
                          @Bindable(defaultValue = "cachegate:stats:recent") String key,
                          @Bindable(defaultValue = "50ms") Duration flushInterval) {

    /** Validates, echoing the bad value. */
    public StatsConfig {
        if (size < 1 || size > 1000) {
            throw new IllegalArgumentException("cachegate.stats.size must be between 1 and 1000 but was " + size);
        }
        ConfigChecks.positive("cachegate.stats.flush-interval", flushInterval);
        if (key == null || key.isBlank()) {
            throw new IllegalArgumentException("cachegate.stats.key must not be blank but was '" + key + "'");
        }
    }
}
