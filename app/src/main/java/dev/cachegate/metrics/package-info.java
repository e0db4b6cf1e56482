/** Metrics support below every feature: counters registered up front. */
@org.jspecify.annotations.NullMarked
package dev.cachegate.metrics;
