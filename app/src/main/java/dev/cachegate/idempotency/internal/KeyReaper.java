package dev.cachegate.idempotency.internal;

import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.scheduling.annotation.Scheduled;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes completed keys past their retention, a batch at a time. Every instance runs it; {@code FOR UPDATE SKIP
 * LOCKED} makes concurrent reapers take disjoint batches instead of contending for the same rows.
 */
@Singleton
final class KeyReaper {

    private static final Logger LOG = LoggerFactory.getLogger(KeyReaper.class);

    private final JdbcClaims claims;
    private final int batch;
    private final MeterRegistry meters;

    KeyReaper(JdbcClaims claims, dev.cachegate.idempotency.IdempotencyConfig config, MeterRegistry meters) {
        this.claims = claims;
        this.batch = config.reaperBatch();
        this.meters = meters;
    }

    @Scheduled(fixedDelay = "${cachegate.idempotency.reaper-interval:1m}", initialDelay = "10s")
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
