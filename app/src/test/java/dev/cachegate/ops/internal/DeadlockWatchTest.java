package dev.cachegate.ops.internal;

import dev.cachegate.ops.HealthConfig;
import io.micronaut.health.HealthStatus;
import io.micronaut.management.health.indicator.HealthResult;
import dev.cachegate.testinfra.FakeClock;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import java.lang.management.ThreadInfo;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;

import static org.assertj.core.api.Assertions.assertThat;

class DeadlockWatchTest {

    private static final HealthConfig EVERY_10_S = new HealthConfig(Duration.ofSeconds(10));

    @Test
    void aProbeWithinTheIntervalAnswersFromTheLastLook() {
        AtomicInteger looks = new AtomicInteger();
        FakeClock clock = new FakeClock();
        DeadlockWatch watch = new DeadlockWatch(() -> {
            looks.incrementAndGet();
            return new ThreadInfo[0];
        }, EVERY_10_S, clock);

        for (int i = 0; i < 1000; i++) {
            assertThat(probe(watch).getStatus()).isEqualTo(HealthStatus.UP);
        }
        assertThat(looks).as("1,000 probes within 10 s, one look").hasValue(1);

        clock.advance(Duration.ofSeconds(10));
        probe(watch);
        assertThat(looks).as("the next look once the interval has passed").hasValue(2);
    }

    @Test
    void realDeadlockedThreadsAreDownWithTheirNamesAndUpOnceTheyAreGone() throws InterruptedException {
        FakeClock clock = new FakeClock();
        DeadlockWatch watch = new DeadlockWatch(EVERY_10_S, clock);
        assertThat(probe(watch).getStatus()).isEqualTo(HealthStatus.UP);

        List<Thread> pair = deadlockedPair();
        try {
            clock.advance(Duration.ofSeconds(10));
            HealthResult down = probe(watch);
            assertThat(down.getStatus()).isEqualTo(HealthStatus.DOWN);
            assertThat(down.getDetails().toString()).contains("deadlock-test-a", "deadlock-test-b");
        } finally {
            pair.forEach(Thread::interrupt);
            for (Thread thread : pair) {
                thread.join(5_000);
            }
        }
        clock.advance(Duration.ofSeconds(10));
        assertThat(probe(watch).getStatus()).isEqualTo(HealthStatus.UP);
    }

    private static HealthResult probe(DeadlockWatch watch) {
        return Mono.from(watch.getResult()).block();
    }

    /**
     * Two threads that each hold one lock and wait, interruptibly, for the other's; returns once each is queued on
     * the other's lock (a thread state of WAITING could still be the latch's).
     */
    private static List<Thread> deadlockedPair() throws InterruptedException {
        ReentrantLock a = new ReentrantLock();
        ReentrantLock b = new ReentrantLock();
        CountDownLatch bothHold = new CountDownLatch(2);
        List<Thread> pair = new ArrayList<>();
        Map<Thread, ReentrantLock> awaited = new HashMap<>();
        for (Map.Entry<String, ReentrantLock[]> spec : Map.of(
                "deadlock-test-a", new ReentrantLock[] {a, b},
                "deadlock-test-b", new ReentrantLock[] {b, a}).entrySet()) {
            Thread thread = new Thread(() -> {
                ReentrantLock first = spec.getValue()[0];
                first.lock();
                try {
                    bothHold.countDown();
                    bothHold.await();
                    spec.getValue()[1].lockInterruptibly();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } finally {
                    first.unlock();
                }
            }, spec.getKey());
            thread.setDaemon(true);
            thread.start();
            pair.add(thread);
            awaited.put(thread, spec.getValue()[1]);
        }
        bothHold.await();
        while (awaited.entrySet().stream().anyMatch(wait -> !wait.getValue().hasQueuedThread(wait.getKey()))) {
            Thread.onSpinWait();
        }
        return pair;
    }
}
