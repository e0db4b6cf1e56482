package dev.cachegate.ratelimit;

import dev.cachegate.config.ConfigChecks.Between;
import dev.cachegate.config.ConfigChecks.Positive;
import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.context.annotation.Context;
import io.micronaut.core.bind.annotation.Bindable;

import java.time.Duration;

import static dev.cachegate.config.ConfigChecks.check;

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
                              @Bindable(defaultValue = "200") @Between(min = 1, max = 1e9) long addressRequests,
                              @Bindable(defaultValue = "1000") @Between(min = 1, max = 1e9) long principalRequests,
                              @Bindable(defaultValue = "1s") @Positive Duration period,
                              @Bindable(defaultValue = "10") @Between(min = 0, max = 1e6) long unsynchronizedTokens,
                              @Bindable(defaultValue = "100ms") @Positive Duration unsynchronizedTime,
                              @Bindable(defaultValue = "100000") @Between(min = 1, max = 1e8) long maxBuckets) {

    /** Validates, echoing the bad value. */
    public RateLimitConfig {
        check(RateLimitConfig.class, enabled, addressRequests, principalRequests, period,
                unsynchronizedTokens, unsynchronizedTime, maxBuckets);
    }
}
