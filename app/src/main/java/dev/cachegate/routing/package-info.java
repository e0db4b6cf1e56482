/** The primary and replica datasources: the read router, replica trackers and causal tokens. */
@org.jspecify.annotations.NullMarked
package dev.cachegate.routing;
