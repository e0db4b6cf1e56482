/** Payments: {@code POST /payments} with an idempotency key, {@code GET /payments/{id}}, validation. */
@org.jspecify.annotations.NullMarked
package dev.cachegate.payments;
