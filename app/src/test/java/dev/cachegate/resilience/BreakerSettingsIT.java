package dev.cachegate.resilience;

import dev.cachegate.testinfra.UsesSharedServers;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.micronaut.context.annotation.Property;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import static org.assertj.core.api.Assertions.assertThat;

/** The breakers the running application uses carry application.yml's settings, and an override of one of them. */
@MicronautTest
@Property(name = "cachegate.resilience.breakers.stats-redis.wait-in-open", value = "7s")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BreakerSettingsIT implements UsesSharedServers {

    @Inject
    CircuitBreakerRegistry registry;

    @Test
    void eachBreakerHasItsConfiguredSettings() {
        CircuitBreakerConfig l2 = registry.circuitBreaker("redis-l2").getCircuitBreakerConfig();
        assertThat(l2.getSlidingWindowSize()).isEqualTo(10);
        assertThat(l2.getMinimumNumberOfCalls()).isEqualTo(5);
        assertThat(l2.getPermittedNumberOfCallsInHalfOpenState()).isEqualTo(2);
        assertThat(l2.getWaitIntervalFunctionInOpenState().apply(1)).isEqualTo(1000L);

        CircuitBreakerConfig stats = registry.circuitBreaker("stats-redis").getCircuitBreakerConfig();
        assertThat(stats.getSlidingWindowSize()).isEqualTo(20);
        assertThat(stats.getWaitIntervalFunctionInOpenState().apply(1)).isEqualTo(7000L);
    }
}
