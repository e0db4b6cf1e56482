package dev.cachegate.ops.internal;

import dev.cachegate.redis.RedisRole;
import dev.cachegate.ops.RecentRequest;
import dev.cachegate.ops.RecentRequests;
import dev.cachegate.ops.StatsConfig;
import dev.cachegate.problem.DependencyUnavailableException;
import dev.cachegate.resilience.Breakers;
import dev.cachegate.schedule.Schedules;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.lettuce.core.RedisException;
import io.lettuce.core.ScriptOutputType;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.BeanProvider;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.exceptions.BeanInstantiationException;
import io.micronaut.json.JsonMapper;
import jakarta.inject.Named;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@link RecentRequests} in a capped Redis sorted set (the state role), scored by when each request was served.
 * Recording costs a request no Redis call: it goes into a buffer that keeps this instance's newest {@code size}, and
 * every {@code flush-interval} one script adds the buffer to the set and trims it to the newest {@code size}. Because
 * the set is ordered by time, not by arrival, instances that flush at different moments still yield the cluster's
 * newest requests in order. Reading flushes this instance's buffer first, so its own requests show at once; another
 * instance's show at most one flush interval late.
 *
 * <p>Failure policy: recording is best effort. It never waits for Redis; a failed flush is logged at WARN, counted in
 * {@code cachegate_stats_record_failures_total}, and, when Redis failed it, counted by the {@code stats-redis} circuit
 * breaker, which skips recording (counted in {@code cachegate_stats_record_skipped_total}) while Redis keeps failing so
 * that requests do not queue commands behind a dead connection. The connection is made on first use, so an instance
 * that starts, or first records, while Redis is down still serves. Reading {@code /stats} fails closed with a 503.
 */
@Context
final class RedisRecentRequests implements RecentRequests {

    private static final Logger LOG = LoggerFactory.getLogger(RedisRecentRequests.class);
    private static final String ADD_AND_TRIM = """
            if redis.call('TYPE', KEYS[1]).ok ~= 'zset' then redis.call('DEL', KEYS[1]) end
            for i = 2, #ARGV, 2 do redis.call('ZADD', KEYS[1], ARGV[i], ARGV[i + 1]) end
            redis.call('ZREMRANGEBYRANK', KEYS[1], 0, -tonumber(ARGV[1]) - 1)
            return 1
            """;
    private static final char SEPARATOR = '|';

    private final BeanProvider<RedisRole> redis;
    private final JsonMapper json;
    private final StatsConfig config;
    private final CircuitBreaker breaker;
    private final Counter failures;
    private final Counter skipped;
    private final ArrayDeque<Pending> pending = new ArrayDeque<>();
    private final AtomicLong sequence = new AtomicLong();

    private record Pending(long seq, RecentRequest request) {
    }

    RedisRecentRequests(@Named("state") BeanProvider<RedisRole> redis, JsonMapper json,
                        StatsConfig config, Breakers breakers, MeterRegistry meters, Schedules schedules) {
        this.redis = redis;
        this.json = json;
        this.config = config;
        this.breaker = breakers.store("stats-redis");
        this.failures = meters.counter("cachegate.stats.record.failures");
        this.skipped = meters.counter("cachegate.stats.record.skipped");
        schedules.withFixedDelay(config.flushInterval(), config.flushInterval(), this::flush);
    }

    @Override
    public void record(RecentRequest request) {
        synchronized (pending) {
            pending.addLast(new Pending(sequence.incrementAndGet(), request));
            if (pending.size() > config.size()) {
                pending.removeFirst();
            }
        }
    }

    /** @return the flush's completion; already complete when there was nothing to send or it was skipped */
    CompletableFuture<Void> flush() {
        List<Pending> batch;
        synchronized (pending) {
            if (pending.isEmpty()) {
                return CompletableFuture.completedFuture(null);
            }
            batch = new ArrayList<>(pending);
            pending.clear();
        }
        String[] args = new String[1 + 2 * batch.size()];
        args[0] = Integer.toString(config.size());
        for (int i = 0; i < batch.size(); i++) {
            Pending entry = batch.get(i);
            args[1 + 2 * i] = Long.toString(entry.request().at().toEpochMilli());
            args[2 + 2 * i] = member(entry);
        }
        return breaker.executeCompletionStage(() -> redis.get().async().<Long>eval(ADD_AND_TRIM,
                        ScriptOutputType.INTEGER, new String[] {config.key()}, args))
                .handle((ignored, error) -> {
                    Throwable cause = error instanceof CompletionException wrapped && wrapped.getCause() != null
                            ? wrapped.getCause() : error;
                    if (cause instanceof CallNotPermittedException) {
                        skipped.increment(batch.size());
                    } else if (cause != null) {
                        failures.increment(batch.size());
                        LOG.warn("Could not record {} requests in {}: {}", batch.size(), config.key(),
                                cause.toString());
                    }
                    return (Void) null;
                }).toCompletableFuture();
    }

    /** A set member: this instance's sequence number, zero-padded so that ties in time keep their order, and JSON. */
    private String member(Pending entry) {
        try {
            return String.format("%019d", entry.seq()) + SEPARATOR
                    + new String(json.writeValueAsBytes(entry.request()), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public List<RecentRequest> recent() {
        List<String> entries;
        try {
            flush().get(config.flushInterval().toMillis() + 1000, TimeUnit.MILLISECONDS);
            entries = redis.get().sync().zrevrange(config.key(), 0, config.size() - 1L);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DependencyUnavailableException("redis", e);
        } catch (ExecutionException | TimeoutException | RedisException | BeanInstantiationException e) {
            throw new DependencyUnavailableException("redis", e);
        }
        List<RecentRequest> recent = new ArrayList<>(entries.size());
        for (String entry : entries) {
            try {
                recent.add(json.readValue(entry.substring(entry.indexOf(SEPARATOR) + 1), RecentRequest.class));
            } catch (IOException e) {
                LOG.warn("Skipping an unreadable entry of {}: {}", config.key(), e.toString());
            }
        }
        return recent;
    }
}
