package dev.cachegate.idempotency.internal;

import dev.cachegate.idempotency.FastPath;
import dev.cachegate.idempotency.IdempotencyConfig;
import dev.cachegate.idempotency.StoredResponse;
import dev.cachegate.metrics.TagCounters;
import dev.cachegate.redis.RedisRole;
import dev.cachegate.resilience.Breakers;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.lettuce.core.SetArgs;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.BeanProvider;
import io.micronaut.json.JsonMapper;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
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
 * The breaker counts only Redis's failures: an unreadable stored response is logged and counted the same way, but
 * does not open it.
 * A completed response that Redis loses is read from PostgreSQL on the next replay.
 */
@Singleton
final class RedisFastPath implements FastPath {

    private static final Logger LOG = LoggerFactory.getLogger(RedisFastPath.class);

    private final BeanProvider<RedisRole> redis;
    private final IdempotencyConfig config;
    private final JsonMapper json;
    private final CircuitBreaker breaker;
    private final TagCounters errors;

    RedisFastPath(@Named("state") BeanProvider<RedisRole> redis,
                  IdempotencyConfig config, JsonMapper json, Breakers breakers, MeterRegistry meters) {
        this.redis = redis;
        this.config = config;
        this.json = json;
        this.breaker = breakers.store("idempotency-redis");
        this.errors = TagCounters.register(meters, "cachegate.idempotency.fast.path.errors", "operation",
                List.of("find", "complete"));
    }

    @Override
    public Optional<Known> find(String principal, String key) {
        return call("find", commands -> {
            Known known = Optional.ofNullable(commands.get(completedKey(principal, key))).map(this::read).orElse(null);
            return known == null || known.response() == null ? null : known;
        });
    }

    @Override
    public void completed(String principal, String key, String fingerprint, StoredResponse response) {
        call("complete", commands -> commands.set(completedKey(principal, key), write(new Known(fingerprint, response)),
                SetArgs.Builder.px(config.retention().toMillis())));
    }

    private <T> Optional<T> call(String operation,
                                 Function<RedisClusterCommands<String, String>, T> command) {
        try {
            return Optional.ofNullable(breaker.executeSupplier(() -> command.apply(redis.get().sync())));
        } catch (CallNotPermittedException e) {
            return Optional.empty();
        } catch (RuntimeException e) {
            errors.increment(operation);
            LOG.warn("Idempotency fast path {} failed, PostgreSQL decides: {}", operation, e.toString());
            return Optional.empty();
        }
    }

    private Known read(String value) {
        try {
            return json.readValue(value, Known.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String write(Known known) {
        try {
            return new String(json.writeValueAsBytes(known), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String completedKey(String principal, String key) {
        return "cachegate:idem:{" + principal + ":" + key + "}";
    }
}
