package dev.cachegate.resilience;

import io.github.resilience4j.bulkhead.BulkheadRegistry;
import io.github.resilience4j.micrometer.tagged.TaggedBulkheadMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.annotation.Factory;
import jakarta.inject.Singleton;

/**
 * The bulkhead registry, with every bulkhead's free and maximum slots published as {@code resilience4j_bulkhead_*}
 * metrics tagged by name. Callers take a named bulkhead with their own limits and decorate their calls explicitly.
 */
@Factory
final class BulkheadFactory {

    @Singleton
    BulkheadRegistry bulkheadRegistry(MeterRegistry meters) {
        BulkheadRegistry registry = BulkheadRegistry.ofDefaults();
        TaggedBulkheadMetrics.ofBulkheadRegistry(registry).bindTo(meters);
        return registry;
    }
}
