package dev.cachegate.cache;

import io.lettuce.core.RedisException;
import io.micronaut.health.HealthStatus;
import io.micronaut.management.health.indicator.AbstractHealthIndicator;
import jakarta.inject.Singleton;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code /health} component {@code redis}. Redis being down degrades cachegate (reads go to L1 and the database) but
 * does not stop it serving, so the component stays UP, keeping the instance in the load balancer, and says in its
 * details that Redis is down and L2 is bypassed. Taking every instance out because the shared cache is down would turn
 * a degradation into an outage.
 */
@Singleton
final class RedisHealthIndicator extends AbstractHealthIndicator<Map<String, Object>> {

    private final VersionedCaches caches;

    RedisHealthIndicator(VersionedCaches caches) {
        this.caches = caches;
    }

    @Override
    protected Map<String, Object> getHealthInformation() {
        Map<String, Object> details = new LinkedHashMap<>();
        try {
            details.put("redis", "PONG".equals(caches.redis().get().sync().ping()) ? "UP" : "DOWN");
        } catch (RedisException e) {
            details.put("redis", "DOWN");
            details.put("error", e.getMessage());
        }
        details.put("l2CircuitBreaker", caches.l2State().name());
        details.put("l2", "DOWN".equals(details.get("redis")) ? "bypassed: serving from L1 and the database" : "in use");
        healthStatus = HealthStatus.UP;
        return details;
    }

    @Override
    protected String getName() {
        return "redis";
    }
}
