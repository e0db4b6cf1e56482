/** The two Redis clients (cache and state roles), their topology and configuration. */
@org.jspecify.annotations.NullMarked
package dev.cachegate.redis;
