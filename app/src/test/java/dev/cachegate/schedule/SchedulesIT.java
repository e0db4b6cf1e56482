package dev.cachegate.schedule;

import dev.cachegate.testinfra.Cluster;
import io.micronaut.context.ApplicationContext;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A periodic task ends when the application context that scheduled it starts to close, before its beans (pools,
 * connections) are destroyed, while other contexts keep running.
 */
class SchedulesIT {

    @Test
    void aClosedContextsTasksNoLongerRun() throws Exception {
        AtomicInteger runs = new AtomicInteger();
        AtomicInteger runsWhileClosing = new AtomicInteger();
        AtomicBoolean closingBegan = new AtomicBoolean();
        CountDownLatch ran = new CountDownLatch(3);
        try (Cluster survivor = Cluster.start(1, "schedules-survivor", Map.of())) {
            Cluster closing = Cluster.start(1, "schedules-closing", Map.of());
            ApplicationContext context = closing.context(0);
            context.getBean(Schedules.class).withFixedDelay(Duration.ZERO, Duration.ofMillis(20), () -> {
                runs.incrementAndGet();
                if (closingBegan.get()) {
                    runsWhileClosing.incrementAndGet();
                }
                ran.countDown();
            });
            assertThat(ran.await(10, TimeUnit.SECONDS)).as("the task runs while its context does").isTrue();

            closingBegan.set(true);
            context.close();
            int atClose = runs.get();
            Thread.sleep(300);

            assertThat(runsWhileClosing.get()).as("runs started once the close began (one may have been due)")
                    .isLessThanOrEqualTo(1);
            assertThat(runs.get()).as("runs after the context closed").isEqualTo(atClose);
            assertThat(survivor.context(0).isRunning()).isTrue();
        }
    }
}
