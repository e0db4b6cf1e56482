package dev.cachegate.ops;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.context.annotation.Context;
import io.micronaut.core.bind.annotation.Bindable;

/**
 * {@code cachegate.stats}: the cluster-wide recent-requests list behind {@code GET /stats}.
 *
 * @param size how many requests the list keeps
 * @param key  the Redis key of the list
 */
@Context
@ConfigurationProperties("cachegate.stats")
public record StatsConfig(@Bindable(defaultValue = "10") int size,
                          @Bindable(defaultValue = "cachegate:stats:recent") String key) {

    /** Validates, echoing the bad value. */
    public StatsConfig {
        if (size < 1 || size > 1000) {
            throw new IllegalArgumentException("cachegate.stats.size must be between 1 and 1000 but was " + size);
        }
        if (key == null || key.isBlank()) {
            throw new IllegalArgumentException("cachegate.stats.key must not be blank but was '" + key + "'");
        }
    }
}
