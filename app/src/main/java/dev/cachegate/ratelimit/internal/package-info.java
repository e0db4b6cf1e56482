/** The Bucket4j limiter on the state Redis. */
@org.jspecify.annotations.NullMarked
package dev.cachegate.ratelimit.internal;
