/** The gateway's rate limit: per API key or client address, as a filter over a limiter role. */
@org.jspecify.annotations.NullMarked
package dev.cachegate.ratelimit;
