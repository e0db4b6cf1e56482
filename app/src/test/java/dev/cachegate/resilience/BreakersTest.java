package dev.cachegate.resilience;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.RedisConnectionException;
import io.lettuce.core.RedisException;
import io.micronaut.context.exceptions.BeanInstantiationException;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BreakersTest {

    private static final int WINDOW = 4;

    private final Breakers breakers = new ResilienceFactory.ConfiguredBreakers(CircuitBreakerRegistry.ofDefaults(),
            List.of(settings("store"), settings("service"), settings("async")));

    private static BreakerConfig settings(String name) {
        return new BreakerConfig(name, WINDOW, WINDOW, 50, Duration.ofMinutes(1), 1);
    }

    @Test
    void aStoreBreakerIgnoresCodecAndProgrammingErrors() {
        CircuitBreaker breaker = breakers.store("store");
        List<RuntimeException> bugs = List.of(new UncheckedIOException(new IOException("unexpected token")),
                new IllegalArgumentException("bad id"), new NumberFormatException("x"),
                new CompletionException(new IllegalStateException("codec")), new NullPointerException());
        for (int round = 0; round < 3; round++) {
            for (RuntimeException bug : bugs) {
                assertThatThrownBy(() -> breaker.executeSupplier(fail(bug))).isSameAs(bug);
            }
        }
        assertThat(breaker.getState()).isEqualTo(CircuitBreaker.State.CLOSED);
        assertThat(breaker.getMetrics().getNumberOfFailedCalls()).isZero();
        assertThat(breaker.getMetrics().getNumberOfSuccessfulCalls()).isZero();
    }

    @Test
    void aStoreBreakerOpensOnRedisFailuresHoweverWrapped() {
        CircuitBreaker breaker = breakers.store("store");
        List<RuntimeException> outages = List.of(new RedisCommandTimeoutException("timed out"),
                new RedisConnectionException("refused"), new CompletionException(new RedisException("closed")),
                new BeanInstantiationException("no connection", new RedisConnectionException("refused")));
        for (RuntimeException outage : outages) {
            assertThatThrownBy(() -> breaker.executeSupplier(fail(outage))).isSameAs(outage);
        }
        assertThat(breaker.getMetrics().getNumberOfFailedCalls()).isEqualTo(WINDOW);
        assertThat(breaker.getState()).isEqualTo(CircuitBreaker.State.OPEN);
    }

    @Test
    void aStoreBreakerCountsAsyncRedisFailuresOnly() {
        CircuitBreaker breaker = breakers.store("async");
        for (int i = 0; i < WINDOW; i++) {
            breaker.executeCompletionStage(() -> CompletableFuture.failedFuture(new UncheckedIOException(
                    new IOException("not JSON"))));
        }
        assertThat(breaker.getState()).isEqualTo(CircuitBreaker.State.CLOSED);
        for (int i = 0; i < WINDOW; i++) {
            breaker.executeCompletionStage(() -> CompletableFuture.failedFuture(
                    new RedisCommandTimeoutException("timed out")));
        }
        assertThat(breaker.getState()).isEqualTo(CircuitBreaker.State.OPEN);
    }

    @Test
    void aServiceBreakerCountsEveryFailure() {
        CircuitBreaker breaker = breakers.service("service");
        for (int i = 0; i < WINDOW; i++) {
            assertThatThrownBy(() -> breaker.executeSupplier(fail(new IllegalStateException("failed after charge"))))
                    .isInstanceOf(IllegalStateException.class);
        }
        assertThat(breaker.getState()).isEqualTo(CircuitBreaker.State.OPEN);
    }

    @Test
    void everyBreakerTakesItsNamedSettings() {
        CircuitBreaker breaker = breakers.store("store");
        assertThat(breaker.getCircuitBreakerConfig().getSlidingWindowSize()).isEqualTo(WINDOW);
        assertThat(breaker.getCircuitBreakerConfig().getMinimumNumberOfCalls()).isEqualTo(WINDOW);
        assertThat(breaker.getCircuitBreakerConfig().getPermittedNumberOfCallsInHalfOpenState()).isEqualTo(1);
        assertThat(breakers.store("store")).isSameAs(breaker);
        assertThatThrownBy(() -> breakers.store("unnamed"))
                .hasMessage("circuit breaker unnamed has no settings: add cachegate.resilience.breakers.unnamed "
                        + "to application.yml");
    }

    @Test
    void settingsEchoTheBadValue() {
        Duration second = Duration.ofSeconds(1);
        assertThatThrownBy(() -> new BreakerConfig("redis-l2", 0, 1, 50, second, 1))
                .hasMessage("cachegate.resilience.breakers.redis-l2.sliding-window-size must be between 1 and 10000 "
                        + "but was 0");
        assertThatThrownBy(() -> new BreakerConfig("redis-l2", 10, 11, 50, second, 1))
                .hasMessage("cachegate.resilience.breakers.redis-l2.minimum-calls must be between 1 and 10 but was 11");
        assertThatThrownBy(() -> new BreakerConfig("redis-l2", 10, 5, 101, second, 1))
                .hasMessage("cachegate.resilience.breakers.redis-l2.failure-rate must be between 1 and 100 but was 101");
        assertThatThrownBy(() -> new BreakerConfig("redis-l2", 10, 5, 50, Duration.ZERO, 1))
                .hasMessage("cachegate.resilience.breakers.redis-l2.wait-in-open must be a positive duration but was "
                        + "PT0S");
        assertThatThrownBy(() -> new BreakerConfig("redis-l2", 10, 5, 50, second, 0))
                .hasMessage("cachegate.resilience.breakers.redis-l2.half-open-calls must be between 1 and 1000 but was 0");
    }

    private static <T> Supplier<T> fail(RuntimeException error) {
        return () -> {
            throw error;
        };
    }
}
