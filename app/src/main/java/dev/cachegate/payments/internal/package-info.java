/** The JDBC payments, the provider simulator, the provider guard and the recovery job. */
@org.jspecify.annotations.NullMarked
package dev.cachegate.payments.internal;
