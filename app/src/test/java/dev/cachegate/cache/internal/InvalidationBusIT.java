package dev.cachegate.cache.internal;

import com.github.benmanes.caffeine.cache.Ticker;
import dev.cachegate.cache.InvalidationFaults;
import dev.cachegate.redis.RedisClients;
import dev.cachegate.redis.RedisRole;
import dev.cachegate.testinfra.SharedInfrastructure;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The invalidation bus on the real Redis: one sender's messages must arrive in sequence order however many threads
 * publish at once, or every receiver clears its whole L1 for a gap that is no loss.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class InvalidationBusIT {

    private static final int THREADS = 16;
    private static final int PER_THREAD = 200;

    private final List<AutoCloseable> open = new ArrayList<>();

    @AfterAll
    void disconnect() throws Exception {
        for (AutoCloseable closeable : open) {
            closeable.close();
        }
    }

    @Test
    void concurrentPublishesOfOneSenderArriveInSequence() throws Exception {
        String cache = "bus-order-" + UUID.randomUUID();
        AtomicInteger clears = new AtomicInteger();
        ConcurrentLinkedQueue<Long> received = new ConcurrentLinkedQueue<>();
        CountDownLatch all = new CountDownLatch(THREADS * PER_THREAD);
        bus(cache, "receiver", new InvalidationBus.Receiver() {
            @Override
            public void invalidate(long key, long version) {
                received.add(key);
                all.countDown();
            }

            @Override
            public void clearAll(String reason) {
                clears.incrementAndGet();
            }
        });
        InvalidationBus sender = bus(cache, "sender", new InvalidationBus.Receiver() {
            @Override
            public void invalidate(long key, long version) {
            }

            @Override
            public void clearAll(String reason) {
            }
        });

        CountDownLatch start = new CountDownLatch(1);
        List<Thread> publishers = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            int base = t * PER_THREAD;
            publishers.add(Thread.ofPlatform().start(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    return;
                }
                for (int i = 0; i < PER_THREAD; i++) {
                    sender.publish(base + i, 1);
                }
            }));
        }
        start.countDown();
        for (Thread publisher : publishers) {
            publisher.join();
        }

        assertThat(all.await(10, TimeUnit.SECONDS)).as("every invalidation arrived").isTrue();
        assertThat(received).hasSize(THREADS * PER_THREAD);
        assertThat(clears.get()).as("whole-L1 clears for gaps that were only reordering").isZero();
    }

    @Test
    void aSubscribeThatTimesOutAtStartupIsRetriedInsteadOfFailingTheInstance() throws Exception {
        CountDownLatch delivered = new CountDownLatch(1);
        InvalidationBus.Receiver receiver = new InvalidationBus.Receiver() {
            @Override
            public void invalidate(long key, long version) {
                delivered.countDown();
            }

            @Override
            public void clearAll(String reason) {
            }
        };
        String cache = null;
        StatefulRedisPubSubConnection<String, String> slow = null;
        double failedSubscribes = 0;
        for (int attempt = 0; attempt < 20 && failedSubscribes == 0; attempt++) {
            cache = "bus-retry-" + UUID.randomUUID();
            slow = SharedInfrastructure.newAppPubSub();
            slow.setTimeout(Duration.ofNanos(1));
            open.add(slow);
            SimpleMeterRegistry meters = new SimpleMeterRegistry();
            StatefulRedisPubSubConnection<String, String> subscriber = slow;
            RedisRole publisher = RedisClients.connect(SharedInfrastructure.appClient());
            open.add(publisher);
            open.add(new InvalidationBus(cache, "slow", () -> publisher, () -> subscriber, receiver,
                    new CacheMetrics(meters, cache), new InvalidationFaults(Ticker.systemTicker()), false, Ticker.systemTicker()));
            failedSubscribes = meters.counter("cachegate.cache.invalidations", "cache", cache, "direction",
                    "received", "result", "subscribe-failed").count();
        }
        assertThat(failedSubscribes).as("the first subscribe timed out (a 1 ns timeout can lose the race to a "
                + "loopback answer, so the arrangement is tried up to 20 times)").isEqualTo(1);
        slow.setTimeout(Duration.ofSeconds(2));
        InvalidationBus sender = bus(cache, "sender", receiver);

        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (delivered.getCount() > 0 && System.nanoTime() < deadline) {
            sender.publish(1, 1);
            delivered.await(100, TimeUnit.MILLISECONDS);
        }
        assertThat(delivered.getCount()).as("subscribed by the retry, and receiving").isZero();
    }

    @Test
    void aSubscribedBusGetsItsOwnProbesBackAndNeverResubscribes() throws Exception {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        String cache = "probe-" + UUID.randomUUID();
        RedisRole publisher = RedisClients.connect(SharedInfrastructure.appClient());
        StatefulRedisPubSubConnection<String, String> subscriber = SharedInfrastructure.newAppPubSub();
        open.add(new InvalidationBus(cache, "prober", () -> publisher, () -> subscriber,
                new InvalidationBus.Receiver() {
                    @Override
                    public void invalidate(long key, long version) {
                    }

                    @Override
                    public void clearAll(String reason) {
                    }
                }, new CacheMetrics(meters, cache), new InvalidationFaults(Ticker.systemTicker()), true, Ticker.systemTicker()));
        open.add(subscriber);
        open.add(publisher);

        Thread.sleep(InvalidationBus.PROBE_MILLIS * (InvalidationBus.PROBE_MISSES + 2));

        assertThat(meters.counter("cachegate.cache.invalidations", "cache", cache, "direction", "received",
                "result", "probe-lost").count()).as("probes lost").isZero();
    }

    private InvalidationBus bus(String cache, String instance, InvalidationBus.Receiver receiver) {
        RedisRole publisher = RedisClients.connect(SharedInfrastructure.appClient());
        StatefulRedisPubSubConnection<String, String> subscriber = SharedInfrastructure.newAppPubSub();
        InvalidationBus bus = new InvalidationBus(cache, instance, () -> publisher, () -> subscriber, receiver,
                new CacheMetrics(new SimpleMeterRegistry(), cache), new InvalidationFaults(Ticker.systemTicker()), true, Ticker.systemTicker());
        open.add(bus);
        open.add(subscriber);
        open.add(publisher);
        return bus;
    }
}
