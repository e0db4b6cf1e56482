package dev.cachegate.ratelimit;

import dev.cachegate.ConfigChecks;
import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.context.annotation.Context;
import io.micronaut.core.bind.annotation.Bindable;

import java.time.Duration;

/**
 * {@code cachegate.rate-limit}: the gateway's rate limit, a token bucket per caller shared by every instance through
 * the state role's Redis.
 *
 * @param enabled              whether requests are limited at all
 * @param addressRequests      requests per {@code period} from one client address without an API key
 * @param principalRequests    requests per {@code period} of one API key
 * @param period               the time in which a bucket refills completely (greedily, token by token)
 * @param unsynchronizedTokens requests an instance may admit from one bucket before it settles them with Redis;
 *                             bounds the cluster's overshoot at this many per instance; 0 settles every request
 * @param unsynchronizedTime   how long an instance may admit from one bucket before it settles with Redis
 * @param maxBuckets           buckets an instance keeps (least recently used go first)
 */
@Context
@ConfigurationProperties("cachegate.rate-limit")
public record RateLimitConfig(@Bindable(defaultValue = "true") boolean enabled,
                              @Bindable(defaultValue = "200") long addressRequests,
                              @Bindable(defaultValue = "1000") long principalRequests,
                              @Bindable(defaultValue = "1s") Duration period,
                              @Bindable(defaultValue = "10") long unsynchronizedTokens,
                              @Bindable(defaultValue = "100ms") Duration unsynchronizedTime,
                              @Bindable(defaultValue = "100000") long maxBuckets) {

    /** Validates, echoing the bad value. */
    public RateLimitConfig {
        ConfigChecks.between("cachegate.rate-limit.address-requests", addressRequests, 1, 1_000_000_000);
        ConfigChecks.between("cachegate.rate-limit.principal-requests", principalRequests, 1, 1_000_000_000);
        ConfigChecks.positive("cachegate.rate-limit.period", period);
        ConfigChecks.between("cachegate.rate-limit.unsynchronized-tokens", unsynchronizedTokens, 0, 1_000_000);
        ConfigChecks.positive("cachegate.rate-limit.unsynchronized-time", unsynchronizedTime);
        ConfigChecks.between("cachegate.rate-limit.max-buckets", maxBuckets, 1, 100_000_000);
    }
}
