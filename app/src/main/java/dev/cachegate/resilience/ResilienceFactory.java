package dev.cachegate.resilience;

import io.github.resilience4j.bulkhead.BulkheadRegistry;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.micrometer.tagged.TaggedBulkheadMetrics;
import io.github.resilience4j.micrometer.tagged.TaggedCircuitBreakerMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Factory;
import jakarta.inject.Singleton;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The resilience4j registries, each published as metrics tagged by name: the circuit breakers, every one built here
 * from its {@link BreakerConfig} ({@code resilience4j_circuitbreaker_*}), and the bulkheads, which callers take by
 * name with their own limits ({@code resilience4j_bulkhead_*}).
 *
 * <p>Built here rather than with resilience4j-micronaut: that module targets Micronaut 3, and on Micronaut 4 its
 * annotations compile and are then silently ignored. Callers take a named breaker from {@link Breakers} and wrap
 * their calls with its decorators, so the protection is visible in the code that has it.
 */
@Factory
final class ResilienceFactory {

    @Singleton
    CircuitBreakerRegistry circuitBreakerRegistry(MeterRegistry meters) {
        return published(CircuitBreakerRegistry.ofDefaults(), TaggedCircuitBreakerMetrics::ofCircuitBreakerRegistry,
                meters);
    }

    @Singleton
    BulkheadRegistry bulkheadRegistry(MeterRegistry meters) {
        return published(BulkheadRegistry.ofDefaults(), TaggedBulkheadMetrics::ofBulkheadRegistry, meters);
    }

    private static <R> R published(R registry, Function<R, MeterBinder> metrics, MeterRegistry meters) {
        metrics.apply(registry).bindTo(meters);
        return registry;
    }

    @Context
    Breakers breakers(CircuitBreakerRegistry registry, List<BreakerConfig> settings) {
        return new ConfiguredBreakers(registry, settings);
    }

    /** {@link Breakers} over the registry, each breaker configured from its settings and its kind's predicate. */
    static final class ConfiguredBreakers implements Breakers {

        private final CircuitBreakerRegistry registry;
        private final Map<String, BreakerConfig> settings;

        ConfiguredBreakers(CircuitBreakerRegistry registry, List<BreakerConfig> settings) {
            this.registry = registry;
            this.settings = settings.stream().collect(Collectors.toUnmodifiableMap(BreakerConfig::name,
                    Function.identity()));
        }

        @Override
        public CircuitBreaker store(String name) {
            return registry.circuitBreaker(name, settings(name)
                    .recordException(StoreFailures::isStoreFailure)
                    .ignoreException(error -> !StoreFailures.isStoreFailure(error))
                    .build());
        }

        @Override
        public CircuitBreaker service(String name) {
            return registry.circuitBreaker(name, settings(name).build());
        }

        private CircuitBreakerConfig.Builder settings(String name) {
            BreakerConfig config = settings.get(name);
            if (config == null) {
                throw new IllegalStateException("circuit breaker " + name + " has no settings: add "
                        + BreakerConfig.PREFIX + "." + name + " to application.yml");
            }
            return config.builder();
        }
    }
}
