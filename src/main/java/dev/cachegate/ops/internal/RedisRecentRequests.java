package dev.cachegate.ops.internal;

import dev.cachegate.ops.RecentRequest;
import dev.cachegate.ops.RecentRequests;
import dev.cachegate.ops.StatsConfig;
import dev.cachegate.problem.DependencyUnavailableException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.lettuce.core.RedisException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.BeanProvider;
import io.micronaut.context.exceptions.BeanInstantiationException;
import io.micronaut.json.JsonMapper;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@link RecentRequests} in a capped Redis list (the state role), pushed and trimmed atomically by one script.
 *
 * <p>Failure policy: recording is best effort. It never waits for Redis; a failed push is logged at WARN, counted in
 * {@code cachegate_stats_record_failures_total}, and fed to the {@code stats-redis} circuit breaker, which skips
 * recording (counted in {@code cachegate_stats_record_skipped_total}) while Redis keeps failing so that requests do not
 * queue commands behind a dead connection. The connection is made on first use, so an instance that starts, or
 * first records, while Redis is down still serves. Reading {@code /stats} fails closed with a 503.
 */
@Singleton
final class RedisRecentRequests implements RecentRequests {

    private static final Logger LOG = LoggerFactory.getLogger(RedisRecentRequests.class);
    private static final String PUSH_AND_TRIM = """
            redis.call('LPUSH', KEYS[1], ARGV[1])
            redis.call('LTRIM', KEYS[1], 0, tonumber(ARGV[2]) - 1)
            return 1
            """;

    private final BeanProvider<StatefulRedisConnection<String, String>> redis;
    private final JsonMapper json;
    private final StatsConfig config;
    private final CircuitBreaker breaker;
    private final Counter failures;
    private final Counter skipped;

    RedisRecentRequests(@Named("state") BeanProvider<StatefulRedisConnection<String, String>> redis, JsonMapper json,
                        StatsConfig config, CircuitBreakerRegistry breakers, MeterRegistry meters) {
        this.redis = redis;
        this.json = json;
        this.config = config;
        this.breaker = breakers.circuitBreaker("stats-redis");
        this.failures = meters.counter("cachegate.stats.record.failures");
        this.skipped = meters.counter("cachegate.stats.record.skipped");
    }

    @Override
    public void record(RecentRequest request) {
        if (!breaker.tryAcquirePermission()) {
            skipped.increment();
            return;
        }
        long start = System.nanoTime();
        String entry;
        try {
            entry = new String(json.writeValueAsBytes(request), java.nio.charset.StandardCharsets.UTF_8);
        } catch (IOException e) {
            breaker.releasePermission();
            throw new UncheckedIOException(e);
        }
        StatefulRedisConnection<String, String> connection;
        try {
            connection = redis.get();
        } catch (RuntimeException unreachable) {
            breaker.onError(System.nanoTime() - start, TimeUnit.NANOSECONDS, unreachable);
            failures.increment();
            LOG.warn("Could not record {} {}: Redis unreachable: {}", request.method(), request.path(),
                    unreachable.getMessage());
            return;
        }
        connection.async()
                .<Long>eval(PUSH_AND_TRIM, ScriptOutputType.INTEGER, new String[] {config.key()}, entry,
                        Integer.toString(config.size()))
                .whenComplete((ignored, error) -> {
                    long elapsed = System.nanoTime() - start;
                    if (error == null) {
                        breaker.onSuccess(elapsed, TimeUnit.NANOSECONDS);
                    } else {
                        breaker.onError(elapsed, TimeUnit.NANOSECONDS, error);
                        failures.increment();
                        LOG.warn("Could not record {} {} in {}: {}", request.method(), request.path(), config.key(),
                                error.toString());
                    }
                });
    }

    @Override
    public List<RecentRequest> recent() {
        List<String> entries;
        try {
            entries = redis.get().sync().lrange(config.key(), 0, config.size() - 1L);
        } catch (RedisException | BeanInstantiationException e) {
            throw new DependencyUnavailableException("redis", e);
        }
        List<RecentRequest> recent = new ArrayList<>(entries.size());
        for (String entry : entries) {
            try {
                recent.add(json.readValue(entry, RecentRequest.class));
            } catch (IOException e) {
                LOG.warn("Skipping an unreadable entry of {}: {}", config.key(), e.toString());
            }
        }
        return recent;
    }
}
