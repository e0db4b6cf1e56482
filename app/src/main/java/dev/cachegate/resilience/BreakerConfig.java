package dev.cachegate.resilience;

import dev.cachegate.config.ConfigChecks;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.micronaut.context.annotation.EachProperty;
import io.micronaut.context.annotation.Parameter;
import io.micronaut.core.bind.annotation.Bindable;

import java.time.Duration;

/**
 * {@code cachegate.resilience.breakers.<name>}: one circuit breaker's settings. Every breaker a caller takes from
 * {@link Breakers} has an entry; the name is the breaker's, and its metrics' {@code name} tag.
 *
 * @param name              the breaker's name
 * @param slidingWindowSize how many of the latest calls the failure rate is computed over
 * @param minimumCalls      how many calls the window must hold before the rate can open the breaker
 * @param failureRate       the failure rate, in percent, at or above which the breaker opens
 * @param waitInOpen        how long an open breaker refuses calls before it lets {@code half-open-calls} try
 * @param halfOpenCalls     the trial calls of a half-open breaker, whose failure rate closes or reopens it
 */
@EachProperty(BreakerConfig.PREFIX)
public record BreakerConfig(@Parameter String name,
                            @Bindable(defaultValue = "20") int slidingWindowSize,
                            @Bindable(defaultValue = "10") int minimumCalls,
                            @Bindable(defaultValue = "50") float failureRate,
                            @Bindable(defaultValue = "5s") Duration waitInOpen,
                            @Bindable(defaultValue = "3") int halfOpenCalls) {

    /** Where the breakers' settings are. */
    public static final String PREFIX = "cachegate.resilience.breakers";

    /** Validates, echoing the bad value. */
    public BreakerConfig {
        String key = PREFIX + "." + name + ".";
        ConfigChecks.between(key + "sliding-window-size", slidingWindowSize, 1, 10_000);
        ConfigChecks.between(key + "minimum-calls", minimumCalls, 1, slidingWindowSize);
        ConfigChecks.between(key + "failure-rate", failureRate, 1, 100);
        ConfigChecks.positive(key + "wait-in-open", waitInOpen);
        ConfigChecks.between(key + "half-open-calls", halfOpenCalls, 1, 1000);
    }

    /** @return resilience4j's builder with these settings over a count-based window */
    CircuitBreakerConfig.Builder builder() {
        return CircuitBreakerConfig.custom()
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .slidingWindowSize(slidingWindowSize)
                .minimumNumberOfCalls(minimumCalls)
                .failureRateThreshold(failureRate)
                .waitDurationInOpenState(waitInOpen)
                .permittedNumberOfCallsInHalfOpenState(halfOpenCalls);
    }
}
