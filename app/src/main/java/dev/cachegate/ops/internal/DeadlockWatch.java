package dev.cachegate.ops.internal;

import dev.cachegate.ops.HealthConfig;
import io.micronaut.core.async.publisher.Publishers;
import io.micronaut.health.HealthStatus;
import io.micronaut.management.health.indicator.HealthIndicator;
import io.micronaut.management.health.indicator.HealthResult;
import io.micronaut.management.health.indicator.annotation.Liveness;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import org.reactivestreams.Publisher;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.time.Clock;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * {@code /health/liveness} component {@code deadlockedThreads}: DOWN while threads of this JVM are deadlocked.
 *
 * <p>It stands in for Micronaut's indicator of the same name, which calls
 * {@link ThreadMXBean#findDeadlockedThreads()} on every probe: that call is a VM operation that stops every thread at
 * a safepoint, so a probe cost about fifteen L1 hits and a busy prober slowed the whole instance. Here the look runs
 * at most once per {@code cachegate.health.deadlock-check-interval}, on the probe that finds the last one too old;
 * probes in between answer from it, with no I/O and no safepoint. Liveness checks nothing outside the JVM: a database
 * or Redis outage must not get a healthy process restarted.
 */
@Singleton
@Liveness
final class DeadlockWatch implements HealthIndicator {

    static final String NAME = "deadlockedThreads";

    private final Supplier<ThreadInfo[]> deadlocked;
    private final Clock clock;
    private final long intervalMillis;
    private volatile Look last;

    @Inject
    DeadlockWatch(HealthConfig config, Clock clock) {
        this(threads(ManagementFactory.getThreadMXBean()), config, clock);
    }

    DeadlockWatch(Supplier<ThreadInfo[]> deadlocked, HealthConfig config, Clock clock) {
        this.deadlocked = deadlocked;
        this.clock = clock;
        this.intervalMillis = config.deadlockCheckInterval().toMillis();
    }

    @Override
    public Publisher<HealthResult> getResult() {
        long now = clock.millis();
        Look look = last;
        if (look == null || now - look.atMillis() >= intervalMillis) {
            look = new Look(now, result(deadlocked.get()));
            last = look;
        }
        return Publishers.just(look.result());
    }

    private static HealthResult result(ThreadInfo[] threads) {
        if (threads.length == 0) {
            return HealthResult.builder(NAME, HealthStatus.UP).build();
        }
        List<Map<String, Object>> details = Arrays.stream(threads).map(DeadlockWatch::describe).toList();
        return HealthResult.builder(NAME, HealthStatus.DOWN).details(Map.of("threads", details)).build();
    }

    private static Map<String, Object> describe(ThreadInfo thread) {
        Map<String, Object> described = new LinkedHashMap<>();
        described.put("name", thread.getThreadName());
        described.put("state", String.valueOf(thread.getThreadState()));
        described.put("waitingFor", String.valueOf(thread.getLockName()));
        described.put("heldBy", String.valueOf(thread.getLockOwnerName()));
        return described;
    }

    private static Supplier<ThreadInfo[]> threads(ThreadMXBean bean) {
        return () -> {
            long[] ids = bean.findDeadlockedThreads();
            return ids == null ? new ThreadInfo[0] : bean.getThreadInfo(ids);
        };
    }

    private record Look(long atMillis, HealthResult result) {
    }
}
