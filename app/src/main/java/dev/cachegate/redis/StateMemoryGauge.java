package dev.cachegate.redis;


import io.lettuce.core.RedisException;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.BeanProvider;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.exceptions.BeanInstantiationException;
import jakarta.inject.Named;

/**
 * {@code cachegate_redis_memory_used_ratio{role="state"}}: the state role's {@code used_memory} over its
 * {@code maxmemory}, read from {@code INFO memory} on each scrape. The state role never evicts
 * ({@code noeviction}): at 1 it refuses writes, and with them logins and payments, so alert well before (the README
 * suggests 0.8). On a Redis Cluster, the fullest primary's, since that shard refuses writes first. NaN without a
 * {@code maxmemory} (no limit to measure against) or while Redis does not answer.
 */
@Context
final class StateMemoryGauge {

    private final BeanProvider<RedisRole> redis;

    StateMemoryGauge(@Named(RedisClientsFactory.STATE) BeanProvider<RedisRole> redis,
                     MeterRegistry meters) {
        this.redis = redis;
        Gauge.builder("cachegate.redis.memory.used.ratio", this, StateMemoryGauge::usedRatio)
                .tag("role", RedisClientsFactory.STATE)
                .description("The state Redis's used_memory / maxmemory; writes fail at 1 (noeviction)")
                .register(meters);
    }

    double usedRatio() {
        try {
            return redis.get().infoOfPrimaries("memory").stream().mapToDouble(StateMemoryGauge::ratio)
                    .filter(ratio -> !Double.isNaN(ratio)).max().orElse(Double.NaN);
        } catch (RedisException | BeanInstantiationException e) {
            return Double.NaN;
        }
    }

    /**
     * @param info the text of {@code INFO memory}
     * @return used_memory / maxmemory, or NaN without a maxmemory
     */
    static double ratio(String info) {
        double used = field(info, "used_memory");
        double max = field(info, "maxmemory");
        return max > 0 ? used / max : Double.NaN;
    }

    private static double field(String info, String name) {
        for (String line : info.split("\r?\n")) {
            if (line.startsWith(name + ":")) {
                return Double.parseDouble(line.substring(name.length() + 1).trim());
            }
        }
        return Double.NaN;
    }
}
