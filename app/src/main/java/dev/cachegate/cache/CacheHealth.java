package dev.cachegate.cache;

import dev.cachegate.web.HealthComponent;
import io.lettuce.core.RedisException;
import io.micronaut.context.annotation.Factory;
import jakarta.inject.Singleton;

/** The cache's {@code /health} component. */
@Factory
final class CacheHealth {

    /**
     * {@code /health} component {@code redis}. Redis being down degrades cachegate (reads go to L1 and the database)
     * but does not stop it serving, so the component stays UP, keeping the instance in the load balancer, and says in
     * its details that Redis is down and L2 is bypassed. Taking every instance out because the shared cache is down
     * would turn a degradation into an outage.
     */
    @Singleton
    HealthComponent redis(VersionedCaches caches) {
        return HealthComponent.alwaysUp("redis", details -> {
            try {
                details.put("redis", "PONG".equals(caches.redis().get().sync().ping()) ? "UP" : "DOWN");
            } catch (RedisException e) {
                details.put("redis", "DOWN");
                details.put("error", e.getMessage());
            }
            details.put("l2CircuitBreaker", caches.l2State().name());
            details.put("l2", "DOWN".equals(details.get("redis"))
                    ? "bypassed: serving from L1 and the database" : "in use");
        });
    }
}
