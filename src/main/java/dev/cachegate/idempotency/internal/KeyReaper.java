package dev.cachegate.idempotency.internal;

import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.annotation.Context;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.TaskScheduler;
import jakarta.annotation.PostConstruct;
import jakarta.inject.Named;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;

/**
 * Deletes completed keys past their retention, a batch at a time. Every instance runs it; {@code FOR UPDATE SKIP
 * LOCKED} makes concurrent reapers take disjoint batches instead of contending for the same rows.
 */
@Context
final class KeyReaper {

    private static final Logger LOG = LoggerFactory.getLogger(KeyReaper.class);
    private static final Duration FIRST_RUN = Duration.ofSeconds(10);

    private final Duration interval;
    private final TaskScheduler scheduler;

    private final JdbcClaims claims;
    private final int batch;
    private final MeterRegistry meters;

    KeyReaper(JdbcClaims claims, dev.cachegate.idempotency.IdempotencyConfig config, MeterRegistry meters,
              @Named(TaskExecutors.SCHEDULED) TaskScheduler scheduler) {
        this.claims = claims;
        this.interval = config.reaperInterval();
        this.scheduler = scheduler;
        this.batch = config.reaperBatch();
        this.meters = meters;
    }

    @PostConstruct
    void start() {
        scheduler.scheduleWithFixedDelay(FIRST_RUN, interval, this::reap);
    }

    void reap() {
        try {
            int deleted;
            do {
                deleted = claims.reap(batch);
                meters.counter("cachegate.idempotency.reaped").increment(deleted);
            } while (deleted == batch);
        } catch (RuntimeException e) {
            LOG.warn("Reaping expired idempotency keys failed, will retry: {}", e.toString());
        }
    }
}
