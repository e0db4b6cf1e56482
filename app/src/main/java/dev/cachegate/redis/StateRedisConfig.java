package dev.cachegate.redis;

import dev.cachegate.config.ConfigChecks;
import dev.cachegate.config.ConfigChecks.Between;
import dev.cachegate.config.ConfigChecks.Positive;
import io.lettuce.core.RedisURI;
import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.context.annotation.Context;
import io.micronaut.core.bind.annotation.Bindable;

import java.time.Duration;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static dev.cachegate.config.ConfigChecks.check;

/**
 * {@code cachegate.redis.state-*}: the state role's Redis (sessions, the idempotency fast path, single-flight leases,
 * rate limits, {@code /stats}).
 *
 * @param stateUri            {@code redis://}, {@code rediss://}, a Redis Cluster's seeds
 *                            ({@code redis://h1:p1,h2:p2,h3:p3}) or, behind Sentinel,
 *                            {@code redis-sentinel://[user:password@]h1:p1,h2:p2,h3:p3/0#<master name>}: the
 *                            credentials are the data nodes'; Lettuce asks the Sentinels for the primary on every
 *                            (re)connect, so it follows a failover
 * @param stateTimeout        the bound of every state command and connect attempt
 * @param stateReplicaAcks    replicas that must acknowledge a session write (login, logout, causal token) before it
 *                            counts ({@code WAIT}); 0 (off) for a lone Redis, 1 behind Sentinel, so that an
 *                            acknowledged session survives a failover
 * @param stateReplicaTimeout how long such a write waits for those acknowledgements; shorter than
 *                            {@code state-timeout}
 */
@Context
@ConfigurationProperties("cachegate.redis")
public record StateRedisConfig(String stateUri,
                               @Bindable(defaultValue = "200ms") @Positive Duration stateTimeout,
                               @Bindable(defaultValue = "0") @Between(min = 0, max = 16) int stateReplicaAcks,
                               @Bindable(defaultValue = "100ms") @Positive Duration stateReplicaTimeout) {

    private static final Set<String> SCHEMES = Set.of("redis", "rediss", "redis-socket", "redis-sentinel",
            "rediss-sentinel");
    private static final Pattern SERVER = Pattern.compile(
            "^rediss?://([^@/]*@)?([^:/@\\[\\]]+|\\[[0-9A-Fa-f:.]+])(:\\d{1,5})?(/\\d*)?([?#].*)?$");
    private static final Pattern CREDENTIALS = Pattern.compile("^([A-Za-z-]+://)(?:([^:@/]*):)?[^@/]*@");

    /** Validates, echoing the bad value with any password masked. */
    public StateRedisConfig {
        stateUri = validUri("cachegate.redis.state-uri", stateUri);
        check(StateRedisConfig.class, stateUri, stateTimeout, stateReplicaAcks, stateReplicaTimeout);
        if (stateReplicaAcks > 0) {
            ConfigChecks.shorterThan("cachegate.redis.state-replica-timeout", stateReplicaTimeout,
                    "cachegate.redis.state-timeout", stateTimeout);
        }
    }

    /** @return the URI parsed */
    public RedisURI redisUri() {
        return RedisURI.create(stateUri);
    }

    /**
     * @param key   the property
     * @param value a Redis URI
     * @return the value, if Lettuce can use it
     * @throws IllegalArgumentException naming the key and echoing the value, its password masked
     */
    static String validUri(String key, String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(key + " must be a Redis URI (redis://host:port, "
                    + "redis-sentinel://host:port,host:port/0#master, or a Cluster's seeds redis://h1:p1,h2:p2) but was "
                    + (value == null ? "missing" : "empty"));
        }
        String scheme = value.contains("://") ? value.substring(0, value.indexOf("://")) : "";
        boolean named = value.contains("#") && !value.substring(value.indexOf('#') + 1).isBlank();
        if (scheme.endsWith("-sentinel") && !named) {
            throw new IllegalArgumentException(key + " names Sentinels but no primary: add '#<master name>' "
                    + "(redis-sentinel://h1:p1,h2:p2,h3:p3/0#mymaster) but was '" + masked(value) + "'");
        }
        if (SCHEMES.contains(scheme) && !scheme.contains("-")
                && value.substring(scheme.length() + 3).split("[/?#]", 2)[0].contains(",")) {
            RedisTopology.parse(key, value);
            return value;
        }
        RedisURI parsed;
        try {
            if (!SCHEMES.contains(scheme)) {
                throw new IllegalArgumentException("unknown scheme '" + scheme + "'");
            }
            if (scheme.startsWith("redis") && !scheme.contains("-") && !SERVER.matcher(value).matches()) {
                throw new IllegalArgumentException("expected [user:password@]host[:port][/database]");
            }
            parsed = RedisURI.create(value);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(key + " must be a Redis URI with a scheme of "
                    + SCHEMES.stream().sorted().toList() + " but was '" + masked(value) + "': "
                    + masked(String.valueOf(e.getMessage())));
        }
        if (scheme.endsWith("-sentinel") && parsed.getSentinels().isEmpty()) {
            throw new IllegalArgumentException(key + " names no Sentinel but was '" + masked(value) + "'");
        }
        return value;
    }

    /**
     * @param uri a Redis URI, perhaps with credentials
     * @return it with the password replaced by {@code ****}
     */
    static String masked(String uri) {
        return CREDENTIALS.matcher(uri).replaceFirst(match -> Matcher.quoteReplacement(
                match.group(1) + (match.group(2) == null ? "" : match.group(2) + ":") + "****@"));
    }
}
