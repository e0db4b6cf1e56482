/** The Redis list behind {@code /stats}, the drain health indicator and the deadlock watch. */
@org.jspecify.annotations.NullMarked
package dev.cachegate.ops.internal;
