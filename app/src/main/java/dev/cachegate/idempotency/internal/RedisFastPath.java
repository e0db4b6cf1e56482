package dev.cachegate.idempotency.internal;

import dev.cachegate.idempotency.IdempotencyConfig;
import dev.cachegate.idempotency.StoredResponse;
import dev.cachegate.redis.RedisRole;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.lettuce.core.SetArgs;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.BeanProvider;
import io.micronaut.json.JsonMapper;
import io.micronaut.serde.annotation.Serdeable;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * The Redis fast path of idempotency: completed responses, replayed without touching PostgreSQL. An in-flight request
 * has no marker here: a 409 comes only from the PostgreSQL claim, because a marker can outlive the claim it stood for
 * (a release whose Redis call failed, a completion that a Redis failover lost while the marker survived) and would
 * refuse a key that PostgreSQL would run or replay.
 *
 * <p>Failure policy: Redis is never the guard, only a shortcut. Every call is bounded by the state client's timeout
 * and the {@code idempotency-redis} circuit breaker, and any failure (logged at WARN, counted in
 * {@code cachegate_idempotency_fast_path_errors_total}) just means the request goes to PostgreSQL, which decides.
 * A completed response that Redis loses is read from PostgreSQL on the next replay.
 */
@Singleton
public final class RedisFastPath {

    private static final Logger LOG = LoggerFactory.getLogger(RedisFastPath.class);

    /**
     * What Redis knows of a key.
     *
     * @param fingerprint the request's fingerprint
     * @param response    the stored response
     */
    @Serdeable
    public record Known(String fingerprint, StoredResponse response) {
    }

    private final BeanProvider<RedisRole> redis;
    private final IdempotencyConfig config;
    private final JsonMapper json;
    private final CircuitBreaker breaker;
    private final MeterRegistry meters;

    RedisFastPath(@Named("state") BeanProvider<RedisRole> redis,
                  IdempotencyConfig config, JsonMapper json, CircuitBreakerRegistry breakers, MeterRegistry meters) {
        this.redis = redis;
        this.config = config;
        this.json = json;
        this.breaker = breakers.circuitBreaker("idempotency-redis");
        this.meters = meters;
    }

    /**
     * @return the completed response, if Redis has one and answers
     */
    public Optional<Known> find(String principal, String key) {
        return call("find", commands -> {
            Known known = Optional.ofNullable(commands.get(completedKey(principal, key))).map(this::read).orElse(null);
            return known == null || known.response() == null ? null : known;
        });
    }

    /** Remembers a completed response for the retention period. */
    public void completed(String principal, String key, String fingerprint, StoredResponse response) {
        call("complete", commands -> commands.set(completedKey(principal, key), write(new Known(fingerprint, response)),
                SetArgs.Builder.px(config.retention().toMillis())));
    }

    private <T> Optional<T> call(String operation,
                                 Function<RedisClusterCommands<String, String>, T> command) {
        if (!breaker.tryAcquirePermission()) {
            return Optional.empty();
        }
        long start = System.nanoTime();
        try {
            T result = command.apply(redis.get().sync());
            breaker.onSuccess(System.nanoTime() - start, TimeUnit.NANOSECONDS);
            return Optional.ofNullable(result);
        } catch (RuntimeException e) {
            breaker.onError(System.nanoTime() - start, TimeUnit.NANOSECONDS, e);
            meters.counter("cachegate.idempotency.fast.path.errors", "operation", operation).increment();
            LOG.warn("Idempotency fast path {} failed, PostgreSQL decides: {}", operation, e.toString());
            return Optional.empty();
        }
    }

    private Known read(String value) {
        try {
            return json.readValue(value, Known.class);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private String write(Known known) {
        try {
            return new String(json.writeValueAsBytes(known), StandardCharsets.UTF_8);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static String completedKey(String principal, String key) {
        return "cachegate:idem:{" + principal + ":" + key + "}";
    }
}
