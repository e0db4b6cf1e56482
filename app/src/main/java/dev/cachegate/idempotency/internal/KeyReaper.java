package dev.cachegate.idempotency.internal;

import dev.cachegate.idempotency.IdempotencyConfig;
import dev.cachegate.schedule.Schedules;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.annotation.Context;
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

    private final JdbcClaims claims;
    private final int batch;
    private final MeterRegistry meters;

    KeyReaper(JdbcClaims claims, IdempotencyConfig config, MeterRegistry meters, Schedules schedules) {
        this.claims = claims;
        this.batch = config.reaperBatch();
        this.meters = meters;
        schedules.withFixedDelay(FIRST_RUN, config.reaperInterval(), this::reap);
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
