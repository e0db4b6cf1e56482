package dev.cachegate.cache.internal;

import dev.cachegate.cache.ValueCodec;
import dev.cachegate.cache.Versioned;
import dev.cachegate.redis.RedisRole;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.lettuce.core.KeyScanArgs;
import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SetArgs;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The Redis layer: one hash per key ({@code v} version, {@code k} kind, {@code b} body, {@code s} stored-at,
 * {@code x} expires-at, {@code d} load time) in the cache role's Redis, written only through scripts that keep the
 * newer version, and a lease key per key for cluster-wide single flight in the state role's Redis, where it cannot be
 * evicted.
 *
 * <p>Failure policy: every call is bounded by the connection's command timeout and passes through its role's circuit
 * breaker: {@code redis-l2} for entries (the cache role), {@code redis-leases} for leases (the state role), so that
 * one role's outage does not open the other's. A Redis failure is counted (by the breaker and in
 * {@code cachegate_cache_l2_errors_total}) and surfaces as {@link L2Unavailable}, as does an open breaker's refusal;
 * the caller answers it by degrading to L1 and the database. Anything else, a codec error, is a bug, not an outage:
 * the breaker ignores it and it reaches the caller as thrown.
 */
final class RedisL2<V extends Versioned> {

    private static final int PIPELINE_DEPTH = 64;
    private static final String KIND_VALUE = "v";
    private static final String KIND_NEGATIVE = "n";
    private static final String KIND_TOMBSTONE = "t";
    /** The hash field of XFetch's δ, the load time in milliseconds. */
    static final String LOAD_MILLIS = "d";

    private static final String PUT_IF_NEWER = """
            local current = redis.call('HGET', KEYS[1], 'v')
            if current and tonumber(current) > tonumber(ARGV[1]) then return 0 end
            redis.call('DEL', KEYS[1])
            redis.call('HSET', KEYS[1], 'v', ARGV[1], 'k', ARGV[2], 'b', ARGV[3], 's', ARGV[4], 'x', ARGV[5], 'd', ARGV[6])
            redis.call('PEXPIRE', KEYS[1], ARGV[7])
            return 1
            """;
    private static final String TOMBSTONE = """
            local current = redis.call('HGET', KEYS[1], 'v')
            if current and tonumber(current) > tonumber(ARGV[1]) then return 0 end
            if current and tonumber(current) == tonumber(ARGV[1]) and redis.call('HGET', KEYS[1], 'k') ~= 't' then
              return 0
            end
            redis.call('DEL', KEYS[1])
            redis.call('HSET', KEYS[1], 'v', ARGV[1], 'k', 't')
            redis.call('PEXPIRE', KEYS[1], ARGV[2])
            return 1
            """;
    private static final String RELEASE = """
            if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
            return 0
            """;

    /** What L2 holds for a key. */
    sealed interface Read<V> permits Found, Tombstone, Absent {
    }

    /** @param entry a value or negative entry */
    record Found<V>(Entry<V> entry) implements Read<V> {
    }

    /** @param minVersion the oldest version a fill may bring */
    record Tombstone<V>(long minVersion) implements Read<V> {
    }

    /** Nothing. */
    record Absent<V>() implements Read<V> {
    }

    private final String prefix;
    private final String leasePrefix;
    private final Supplier<RedisRole> connection;
    private final Supplier<RedisRole> leases;
    private final ValueCodec<V> codec;
    private final CircuitBreaker breaker;
    private final CircuitBreaker leaseBreaker;
    private final CacheMetrics metrics;
    private final Clock clock;

    RedisL2(String cache, Supplier<RedisRole> connection,
            Supplier<RedisRole> leases, ValueCodec<V> codec, CircuitBreaker breaker,
            CircuitBreaker leaseBreaker,
            CacheMetrics metrics, Clock clock) {
        this.prefix = entryKey(cache, "");
        this.leasePrefix = leaseKey(cache, "");
        this.connection = connection;
        this.leases = leases;
        this.codec = codec;
        this.breaker = breaker;
        this.leaseBreaker = leaseBreaker;
        this.metrics = metrics;
        this.clock = clock;
    }

    /**
     * @param cache the cache's name
     * @param key   the key, or "" for the prefix of every key
     * @return the Redis key of the key's hash
     */
    static String entryKey(String cache, Object key) {
        return "cachegate:cache:" + cache + ":" + key;
    }

    /**
     * @param cache the cache's name
     * @param key   the key, or "" for the prefix of every key
     * @return the Redis key of the key's single-flight lease, on the state role
     */
    static String leaseKey(String cache, Object key) {
        return "cachegate:lease:" + cache + ":" + key;
    }

    Read<V> get(long key) {
        return read(call("get", redis -> redis.hgetall(prefix + key)));
    }

    /**
     * {@link #get} without blocking: completes on Redis's I/O thread, so what the caller chains to it must not block
     * either. Fails with {@link L2Unavailable} as {@code get} throws it.
     */
    CompletionStage<Read<V>> getAsync(long key) {
        return breaker.executeCompletionStage(() -> connection.get().async().hgetall(prefix + key))
                .handle((hash, error) -> {
                    if (error == null) {
                        return read(hash);
                    }
                    Throwable cause = error instanceof CompletionException wrapped && wrapped.getCause() != null
                            ? wrapped.getCause() : error;
                    if (cause instanceof CallNotPermittedException) {
                        throw new L2Unavailable("get", null);
                    }
                    if (cause instanceof RedisException redis) {
                        throw failed("get", redis);
                    }
                    throw cause instanceof RuntimeException runtime ? runtime : new CompletionException(cause);
                });
    }

    private Read<V> read(Map<String, String> hash) {
        if (hash == null || hash.isEmpty()) {
            return new Absent<>();
        }
        long version = Long.parseLong(hash.get("v"));
        String kind = hash.get("k");
        if (KIND_TOMBSTONE.equals(kind)) {
            return new Tombstone<>(version);
        }
        V value = KIND_VALUE.equals(kind) ? codec.decode(hash.get("b")) : null;
        return new Found<>(new Entry<>(value, version, Long.parseLong(hash.get("s")), Long.parseLong(hash.get("x")),
                Double.parseDouble(hash.get(LOAD_MILLIS))));
    }

    boolean putIfNewer(long key, Entry<V> entry) {
        String[] arguments = fillArguments(entry);
        if (arguments == null) {
            return false;
        }
        Long stored = call("put", redis -> redis.eval(PUT_IF_NEWER, ScriptOutputType.INTEGER,
                new String[] {prefix + key}, arguments));
        return stored != null && stored == 1;
    }

    /**
     * {@link #putIfNewer} for many keys, pipelined {@value #PIPELINE_DEPTH} at a time so that no command waits behind
     * more than that many (each is bounded by the connection's command timeout), each fenced by its own version as a
     * single put is.
     *
     * @return how many L2 kept
     */
    int putAllIfNewer(Map<Long, Entry<V>> entries) {
        return call("put-all", redis -> {
            String script = redis.scriptLoad(PUT_IF_NEWER);
            RedisClusterAsyncCommands<String, String> async = connection.get().async();
            List<RedisFuture<Long>> puts = new ArrayList<>(PIPELINE_DEPTH);
            int stored = 0;
            for (Map.Entry<Long, Entry<V>> entry : entries.entrySet()) {
                String[] arguments = fillArguments(entry.getValue());
                if (arguments != null) {
                    puts.add(async.evalsha(script, ScriptOutputType.INTEGER, new String[] {prefix + entry.getKey()},
                            arguments));
                }
                if (puts.size() == PIPELINE_DEPTH) {
                    stored += kept(puts);
                }
            }
            return stored + kept(puts);
        });
    }

    private static int kept(List<RedisFuture<Long>> puts) {
        int kept = 0;
        for (RedisFuture<Long> put : puts) {
            try {
                kept += Long.valueOf(1).equals(put.toCompletableFuture().join()) ? 1 : 0;
            } catch (CompletionException e) {
                throw e.getCause() instanceof RedisException redis ? redis : new RedisException(e.getCause());
            }
        }
        puts.clear();
        return kept;
    }

    private String[] fillArguments(Entry<V> entry) {
        long ttl = entry.expiresAt() - clock.millis();
        if (ttl <= 0) {
            return null;
        }
        return new String[] {Long.toString(entry.version()), entry.isNegative() ? KIND_NEGATIVE : KIND_VALUE,
                entry.isNegative() ? "" : codec.encode(entry.value()), Long.toString(entry.storedAt()),
                Long.toString(entry.expiresAt()), Double.toString(entry.loadMillis()), Long.toString(ttl)};
    }

    void tombstone(long key, long minVersion, Duration ttl) {
        call("tombstone", redis -> redis.eval(TOMBSTONE, ScriptOutputType.INTEGER, new String[] {prefix + key},
                Long.toString(minVersion), Long.toString(ttl.toMillis())));
    }

    void delete(long key) {
        call("delete", redis -> redis.unlink(prefix + key));
    }

    long deleteAll() {
        return call("delete-all", redis -> {
            long deleted = 0;
            ScanCursor cursor = ScanCursor.INITIAL;
            do {
                KeyScanCursor<String> page = redis.scan(cursor, KeyScanArgs.Builder.matches(prefix + "*").limit(1000));
                if (!page.getKeys().isEmpty()) {
                    deleted += redis.unlink(page.getKeys().toArray(String[]::new));
                }
                cursor = page;
            } while (!cursor.isFinished());
            return deleted;
        });
    }

    boolean acquireLease(long key, String token, Duration ttl) {
        return "OK".equals(lease(redis -> redis.set(leasePrefix + key, token,
                SetArgs.Builder.nx().px(ttl.toMillis()))));
    }

    boolean leaseHeld(long key) {
        Long exists = lease(redis -> redis.exists(leasePrefix + key));
        return exists != null && exists > 0;
    }

    void releaseLease(long key, String token) {
        lease(redis -> redis.eval(RELEASE, ScriptOutputType.INTEGER, new String[] {leasePrefix + key},
                token));
    }

    Long remainingMillis(long key) {
        return call("inspect", redis -> redis.pttl(prefix + key));
    }

    private <T> T call(String operation, Function<RedisClusterCommands<String, String>, T> command) {
        return call(operation, connection, breaker, command);
    }

    private <T> T lease(Function<RedisClusterCommands<String, String>, T> command) {
        return call("lease", leases, leaseBreaker, command);
    }

    private <T> T call(String operation, Supplier<RedisRole> target, CircuitBreaker guard,
                       Function<RedisClusterCommands<String, String>, T> command) {
        try {
            return guard.executeSupplier(() -> command.apply(target.get().sync()));
        } catch (CallNotPermittedException e) {
            throw new L2Unavailable(operation, null);
        } catch (RedisException e) {
            throw failed(operation, e);
        }
    }

    private L2Unavailable failed(String operation, RedisException e) {
        metrics.l2Error(operation);
        return new L2Unavailable(operation, e);
    }
}
