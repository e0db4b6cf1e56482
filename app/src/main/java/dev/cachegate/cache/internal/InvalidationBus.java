package dev.cachegate.cache.internal;

import com.github.benmanes.caffeine.cache.Ticker;
import dev.cachegate.cache.InvalidationFaults;
import dev.cachegate.redis.RedisRole;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * L1 invalidation across instances over Redis sharded pub/sub ({@code SPUBLISH}/{@code SSUBSCRIBE}, Redis 7), made
 * reliable by detecting loss rather than preventing it. Both channels of a cache carry its name as a hash tag, so
 * on a Cluster they live on one shard and one {@code SSUBSCRIBE} takes both; on a single server sharded channels work
 * as plain ones do.
 *
 * <p>Pub/sub is at-most-once: a message published while a subscriber is disconnected is gone. So every message carries
 * its sender's instance id and a per-sender sequence number ({@code <sender> <seq> <key> <version>}, key {@code *}
 * for "everything"). A receiver that sees a sender's sequence jump, or that (re)subscribes after having been
 * subscribed, cannot know what it missed and clears its whole L1. A sender's failed publish still consumes its number,
 * so the receivers see the gap. An instance ignores its own messages. A number is taken and its message handed to
 * the connection under one lock, so one sender's messages leave (and arrive) in sequence order however many threads
 * publish; only the wait for Redis's answer happens outside it.
 *
 * <p>A second channel carries fill signals: the key, published (without waiting for Redis's answer) by an instance
 * that released a key's cluster-wide lease, so that other instances' waiters look at L2 at once instead of polling.
 * They are only a fast path too: a lost signal costs a waiter at most {@code single-flight.recheck}.
 *
 * <p>Where a durable change stream backs the bus ({@code clearOnLoss} false), a gap or a resubscription is counted
 * but clears nothing: the stream delivers what was missed within its watermark bound, and clearing every L1 on each
 * gap would keep them cold through a repricing job. The bus is then only the fast path.
 *
 * <p>A subscription can also be lost without a reconnect: on a Cluster failover the shard channel moves to the
 * promoted replica while the subscription stays on the dead primary. So the bus probes itself ({@link #probe()}).
 */
final class InvalidationBus implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(InvalidationBus.class);
    private static final String PROBE = "probe";

    /** How often the bus sends itself a probe; after {@value #PROBE_MISSES} unanswered ones it subscribes again. */
    static final long PROBE_MILLIS = 1000;
    static final int PROBE_MISSES = 3;

    /** What a received invalidation does. */
    interface Receiver {
        /**
         * @param key     the key
         * @param version the written version; older fills must be refused
         */
        void invalidate(long key, long version);

        /**
         * @param reason why, for the metric
         */
        void clearAll(String reason);

        /**
         * Wakes this instance's waiters for the key; receivers that never wait for fills ignore it.
         *
         * @param key a key whose cluster-wide lease was released, after a fill or a failed load
         */
        default void released(long key) {
        }
    }

    private final String channel;
    private final String fillChannel;
    private final String instanceId;
    private final Supplier<RedisRole> publisher;
    private final Supplier<StatefulRedisPubSubConnection<String, String>> subscriber;
    private final RedisPubSubAdapter<String, String> listener;
    private final AtomicBoolean listening = new AtomicBoolean();
    private final Receiver receiver;
    private final CacheMetrics metrics;
    private final AtomicLong sequence = new AtomicLong();
    private final Map<String, Long> lastSeen = new ConcurrentHashMap<>();
    private final AtomicBoolean subscribedOnce = new AtomicBoolean();
    private final InvalidationFaults faults;
    private final boolean clearOnLoss;
    private final Ticker ticker;
    private final AtomicBoolean probing = new AtomicBoolean();
    private volatile long probedAt;
    private volatile boolean closed;

    InvalidationBus(String cache, String instanceId, Supplier<RedisRole> publisher,
                    Supplier<StatefulRedisPubSubConnection<String, String>> subscriber, Receiver receiver,
                    CacheMetrics metrics,
                    InvalidationFaults faults, boolean clearOnLoss, Ticker ticker) {
        this.channel = "cachegate:invalidations:{" + cache + "}";
        this.fillChannel = "cachegate:fills:{" + cache + "}";
        this.instanceId = instanceId;
        this.publisher = publisher;
        this.subscriber = subscriber;
        this.receiver = receiver;
        this.metrics = metrics;
        this.faults = faults;
        this.clearOnLoss = clearOnLoss;
        this.ticker = ticker;
        this.listener = new RedisPubSubAdapter<>() {
            @Override
            public void smessage(String from, String message) {
                if (channel.equals(from)) {
                    receive(message);
                } else if (fillChannel.equals(from)) {
                    receiveFill(message);
                }
            }

            @Override
            public void ssubscribed(String to, long count) {
                if (channel.equals(to) && subscribedOnce.getAndSet(true)) {
                    metrics.invalidation("received", "resubscribed");
                    if (clearOnLoss) {
                        LOG.warn("Resubscribed to {}: invalidations may have been missed, clearing L1", channel);
                        receiver.clearAll("resubscribed");
                    }
                }
            }
        };
        subscribe();
    }

    /**
     * Subscribes, and on failure again a second later for as long as it fails: a slow Redis at startup (three JVMs
     * starting on two cores can exceed the cache's 100 ms command timeout), or one that is down and whose connection
     * is therefore not made yet, must not fail the instance. Until subscribed, the change stream delivers every change
     * within its watermark bound. Once subscribed, Lettuce resubscribes after every reconnect by itself.
     */
    private void subscribe() {
        if (closed) {
            return;
        }
        try {
            StatefulRedisPubSubConnection<String, String> connection = subscriber.get();
            if (listening.compareAndSet(false, true)) {
                connection.addListener(listener);
            }
            connection.sync().ssubscribe(channel, fillChannel);
            probedAt = ticker.read();
            if (probing.compareAndSet(false, true)) {
                probeLater();
            }
        } catch (RedisException e) {
            metrics.invalidation("received", "subscribe-failed");
            LOG.warn("Could not subscribe to {} ({}); retrying in 1 s", channel, e.toString());
            CompletableFuture.runAsync(this::subscribe, CompletableFuture.delayedExecutor(1, TimeUnit.SECONDS));
        }
    }

    /**
     * Sends this instance a probe on its own channel, and subscribes again when {@value #PROBE_MISSES} probes in a
     * row did not come back: a Cluster moves a shard channel with its slot when a primary fails over, and Lettuce
     * does not follow a sharded subscription to the new primary. The new subscription counts as a resubscription, so
     * the usual loss rule applies to whatever was published in between.
     */
    private void probeLater() {
        CompletableFuture.runAsync(this::probe,
                CompletableFuture.delayedExecutor(PROBE_MILLIS, TimeUnit.MILLISECONDS));
    }

    private void probe() {
        if (closed) {
            return;
        }
        try {
            if (ticker.read() - probedAt > TimeUnit.MILLISECONDS.toNanos(PROBE_MILLIS * PROBE_MISSES)) {
                metrics.invalidation("received", "probe-lost");
                LOG.warn("Probes on {} stopped arriving; subscribing again", channel);
                probedAt = ticker.read();
                subscriber.get().async().ssubscribe(channel, fillChannel);
            }
            publisher.get().async().spublish(channel, instanceId + " " + PROBE);
        } catch (RedisException e) {
            LOG.debug("Probe on {} not sent: {}", channel, e.toString());
        } finally {
            probeLater();
        }
    }

    /**
     * @param key     the key, or {@code -1} for every key
     * @param version the written version
     * @return whether Redis took the message; a failure is logged and counted, never thrown
     */
    boolean publish(long key, long version) {
        String message;
        RedisFuture<Long> sent;
        RedisRole connection;
        try {
            connection = publisher.get();
            synchronized (sequence) {
                message = instanceId + " " + sequence.incrementAndGet() + " " + (key < 0 ? "*" : Long.toString(key))
                        + " " + version;
                sent = connection.async().spublish(channel, message);
            }
        } catch (RedisException e) {
            failed(Long.toString(key), e);
            return false;
        }
        try {
            sent.get(connection.connection().getTimeout().toMillis(), TimeUnit.MILLISECONDS);
            metrics.invalidation("sent", "ok");
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            failed(message, e);
        } catch (ExecutionException | TimeoutException | RedisException e) {
            failed(message, e);
        }
        return false;
    }

    /**
     * Signals, without waiting for Redis's answer, that a key's cluster-wide lease was released.
     *
     * @param key the key
     */
    void signalReleased(long key) {
        try {
            publisher.get().async().spublish(fillChannel, Long.toString(key)).exceptionally(e -> {
                metrics.fillSignal("sent", "failed");
                return null;
            });
        } catch (RedisException e) {
            metrics.fillSignal("sent", "failed");
        }
    }

    void receiveFill(String message) {
        long key;
        try {
            key = Long.parseLong(message);
        } catch (NumberFormatException e) {
            metrics.fillSignal("received", "malformed");
            return;
        }
        receiver.released(key);
    }

    private void failed(String message, Exception e) {
        metrics.invalidation("sent", "failed");
        LOG.warn("Could not publish invalidation '{}' on {}: {}; receivers will see the gap and clear L1",
                message, channel, e.toString());
    }

    void receive(String message) {
        String[] parts = message.split(" ");
        if (parts.length == 2 && PROBE.equals(parts[1])) {
            if (parts[0].equals(instanceId)) {
                probedAt = ticker.read();
            }
            return;
        }
        if (faults.dropsMessage()) {
            metrics.invalidation("received", "dropped");
            return;
        }
        if (parts.length != 4) {
            metrics.invalidation("received", "malformed");
            LOG.warn("Ignoring malformed invalidation '{}' on {}", message, channel);
            return;
        }
        String sender = parts[0];
        if (sender.equals(instanceId)) {
            return;
        }
        long seq;
        long version;
        try {
            seq = Long.parseLong(parts[1]);
            version = Long.parseLong(parts[3]);
        } catch (NumberFormatException e) {
            metrics.invalidation("received", "malformed");
            return;
        }
        Long previous = lastSeen.put(sender, seq);
        if (previous != null && seq != previous + 1) {
            metrics.invalidation("received", "gap");
            if (clearOnLoss) {
                LOG.warn("Invalidation sequence gap from {}: {} after {}; clearing L1", sender, seq, previous);
                receiver.clearAll("gap");
            }
        } else {
            metrics.invalidation("received", "applied");
        }
        if ("*".equals(parts[2])) {
            receiver.clearAll("operator");
        } else {
            receiver.invalidate(Long.parseLong(parts[2]), version);
        }
    }

    @Override
    public void close() {
        closed = true;
        if (!listening.get()) {
            return;
        }
        try {
            subscriber.get().sync().sunsubscribe(channel, fillChannel);
        } catch (RuntimeException e) {
            LOG.debug("Unsubscribe from {} failed: {}", channel, e.toString());
        }
    }
}
