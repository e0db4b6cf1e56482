/** Circuit-breaker and bulkhead registries (resilience4j), bound to Micrometer. */
@org.jspecify.annotations.NullMarked
package dev.cachegate.resilience;
