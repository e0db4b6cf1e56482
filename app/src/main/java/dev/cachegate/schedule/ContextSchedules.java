package dev.cachegate.schedule;

import io.micronaut.context.event.ApplicationEventListener;
import io.micronaut.context.event.ShutdownEvent;
import io.micronaut.context.event.StartupEvent;
import io.micronaut.core.annotation.Order;
import io.micronaut.core.order.Ordered;
import io.micronaut.runtime.event.annotation.EventListener;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.TaskScheduler;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledFuture;

/**
 * {@link Schedules} on the shared scheduled executor. Tasks asked for while the context starts are held until its
 * {@link StartupEvent}, so a context that fails to start leaves no task (and no scheduler thread keeping the JVM
 * alive). Each task's future is kept to cancel it when the context shuts down: on the {@link ShutdownEvent}, first
 * of its listeners, which the context publishes before it destroys any bean.
 *
 * <p>Failure policy: cancelling lets a run in progress finish (it is not interrupted, as {@code @Scheduled}'s are not)
 * and prevents every later one. A run that throws is logged here, and the next run still happens: a periodic task
 * stops only with its context.
 */
@Singleton
@Order(Ordered.HIGHEST_PRECEDENCE)
final class ContextSchedules implements Schedules, ApplicationEventListener<ShutdownEvent> {

    private static final Logger LOG = LoggerFactory.getLogger(ContextSchedules.class);

    private final TaskScheduler scheduler;
    private final List<Runnable> pending = new ArrayList<>();
    private final List<ScheduledFuture<?>> scheduled = new ArrayList<>();
    private boolean started;
    private boolean shutDown;

    ContextSchedules(@Named(TaskExecutors.SCHEDULED) TaskScheduler scheduler) {
        this.scheduler = scheduler;
    }

    @Override
    public synchronized void withFixedDelay(Duration first, Duration delay, Runnable task) {
        Runnable start = () -> scheduled.add(scheduler.scheduleWithFixedDelay(first, delay, () -> runLogged(task)));
        if (shutDown) {
            return;
        }
        if (started) {
            start.run();
        } else {
            pending.add(start);
        }
    }

    @EventListener
    synchronized void onStartup(StartupEvent event) {
        if (!shutDown) {
            started = true;
            pending.forEach(Runnable::run);
        }
        pending.clear();
    }

    @Override
    public void onApplicationEvent(ShutdownEvent event) {
        cancelAll();
    }

    @PreDestroy
    synchronized void cancelAll() {
        shutDown = true;
        pending.clear();
        scheduled.forEach(future -> future.cancel(false));
        scheduled.clear();
    }

    private static void runLogged(Runnable task) {
        try {
            task.run();
        } catch (RuntimeException e) {
            LOG.warn("A periodic task failed, it runs again at its next interval: {}", e.toString(), e);
        }
    }
}
