package dev.cachegate.resilience;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;

/**
 * The named circuit breakers, each with its settings from {@code cachegate.resilience.breakers.<name>} and its
 * metrics ({@code resilience4j_circuitbreaker_*{name=...}}). Callers wrap their calls with resilience4j's decorators
 * ({@code executeSupplier}, {@code executeCompletionStage}); what a breaker counts as a failure is decided here, by
 * the kind of dependency, so that two callers of the same kind of store count the same thing.
 */
public interface Breakers {

    /**
     * A breaker over a data store (Redis): it counts the store's failures, Lettuce's {@code RedisException} and its
     * subclasses (connection, command timeout, error replies) and timeouts, also wrapped in a
     * {@code CompletionException} or any other exception. Anything else, a codec or JSON error, an
     * {@code IllegalArgumentException}, is the caller's own bug: it is neither a failure nor a success, and the
     * exception still reaches the caller.
     *
     * @param name the breaker's name, configured under {@code cachegate.resilience.breakers}
     * @return the breaker, the same instance for the same name
     * @throws IllegalStateException when the name has no settings
     */
    CircuitBreaker store(String name);

    /**
     * A breaker over a remote service whose every exception counts as its failure.
     *
     * @param name the breaker's name, configured under {@code cachegate.resilience.breakers}
     * @return the breaker, the same instance for the same name
     * @throws IllegalStateException when the name has no settings
     */
    CircuitBreaker service(String name);
}
