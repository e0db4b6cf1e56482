/** The idempotency engine: keys, request fingerprints, claims and stored responses. */
@org.jspecify.annotations.NullMarked
package dev.cachegate.idempotency;
