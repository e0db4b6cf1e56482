/** The PostgreSQL claims, the Redis fast path and the reaper of expired keys. */
@org.jspecify.annotations.NullMarked
package dev.cachegate.idempotency.internal;
