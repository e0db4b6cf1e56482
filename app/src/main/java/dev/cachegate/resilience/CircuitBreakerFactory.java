package dev.cachegate.resilience;

import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.micrometer.tagged.TaggedCircuitBreakerMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.annotation.Factory;
import jakarta.inject.Singleton;

import java.time.Duration;

/**
 * The circuit-breaker registry, with every breaker's state and calls published as
 * {@code resilience4j_circuitbreaker_*} metrics tagged by name.
 *
 * <p>Built here rather than with resilience4j-micronaut: that module targets Micronaut 3, and on Micronaut 4 its
 * annotations compile and are then silently ignored. Callers take a named breaker from the registry and wrap their
 * calls explicitly, so the protection is visible in the code that has it.
 */
@Factory
final class CircuitBreakerFactory {

    @Singleton
    CircuitBreakerRegistry circuitBreakerRegistry(MeterRegistry meters) {
        CircuitBreakerConfig defaults = CircuitBreakerConfig.custom()
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .slidingWindowSize(20)
                .minimumNumberOfCalls(10)
                .failureRateThreshold(50)
                .waitDurationInOpenState(Duration.ofSeconds(5))
                .permittedNumberOfCallsInHalfOpenState(3)
                .build();
        CircuitBreakerRegistry registry = CircuitBreakerRegistry.of(defaults);
        TaggedCircuitBreakerMetrics.ofCircuitBreakerRegistry(registry).bindTo(meters);
        return registry;
    }
}
