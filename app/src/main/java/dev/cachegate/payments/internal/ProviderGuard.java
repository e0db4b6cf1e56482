package dev.cachegate.payments.internal;

import dev.cachegate.payments.PaymentProvider;
import dev.cachegate.payments.PaymentsConfig;
import dev.cachegate.payments.ProviderUnavailableException;
import dev.cachegate.resilience.Breakers;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.timelimiter.TimeLimiter;
import io.github.resilience4j.timelimiter.TimeLimiterConfig;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micronaut.scheduling.TaskExecutors;
import jakarta.inject.Named;
import jakarta.inject.Singleton;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeoutException;

/**
 * Every provider call goes through here: bounded by a resilience4j {@link TimeLimiter} and the
 * {@code payment-provider} circuit breaker. The timed-out call is not cancelled: a provider that answers late has
 * still charged, and recovery asks it again with the same key.
 *
 * <p>Failure policy: only a definite "nothing was charged" is a failure, a {@link ProviderUnavailableException}: the
 * breaker refused the call, the executor refused to start it, or the provider itself said so
 * ({@link PaymentProvider#charge}'s contract). Anything else once the call has started (the time limit passed, a
 * connection reset, the provider failing after it recorded the charge, an interrupt) may have moved money, so it is
 * {@link PaymentProvider.Unknown}: the payment stays {@code pending} and recovery settles it.
 */
@Singleton
public final class ProviderGuard {

    private final PaymentProvider provider;
    private final TimeLimiter timeLimiter;
    private final CircuitBreaker breaker;
    private final ExecutorService executor;
    private final MeterRegistry meters;

    ProviderGuard(PaymentProvider provider, PaymentsConfig config, Breakers breakers,
                  MeterRegistry meters, @Named(TaskExecutors.BLOCKING) ExecutorService executor) {
        this.provider = provider;
        this.timeLimiter = TimeLimiter.of("payment-provider", TimeLimiterConfig.custom()
                .timeoutDuration(config.providerTimeout())
                .cancelRunningFuture(false)
                .build());
        this.breaker = breakers.service("payment-provider");
        this.executor = executor;
        this.meters = meters;
    }

    /**
     * @param charge what to charge
     * @return succeeded, declined, or unknown
     * @throws ProviderUnavailableException when nothing was charged: the breaker is open, or the call was refused
     */
    public PaymentProvider.ProviderOutcome charge(PaymentProvider.Charge charge) {
        long start = System.nanoTime();
        String outcome = "error";
        try {
            PaymentProvider.ProviderOutcome result = breaker.executeCallable(() -> timeLimiter.executeFutureSupplier(
                    () -> CompletableFuture.supplyAsync(() -> provider.charge(charge), executor)));
            outcome = result instanceof PaymentProvider.Succeeded ? "succeeded" : "declined";
            return result;
        } catch (TimeoutException e) {
            outcome = "timeout";
            return new PaymentProvider.Unknown("no answer within " + timeLimiter.getTimeLimiterConfig()
                    .getTimeoutDuration());
        } catch (CallNotPermittedException e) {
            outcome = "breaker-open";
            throw new ProviderUnavailableException("the payment provider is failing; its circuit breaker is open", e);
        } catch (RejectedExecutionException e) {
            throw new ProviderUnavailableException("the payment provider call could not be started", e);
        } catch (Exception e) {
            Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
            if (cause instanceof ProviderUnavailableException refused) {
                throw refused;
            }
            if (cause instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            outcome = "unknown";
            return new PaymentProvider.Unknown(cause.toString());
        } finally {
            Timer.builder("cachegate.payments.provider").tag("outcome", outcome)
                    .description("Payment provider calls by outcome").register(meters)
                    .record(System.nanoTime() - start, java.util.concurrent.TimeUnit.NANOSECONDS);
        }
    }
}
