package dev.cachegate.schedule;

import java.time.Duration;

/**
 * Periodic background work whose period comes from a validated configuration record, bound to the application
 * context's life: every task it schedules is cancelled when the context shuts down, before any bean is destroyed, as
 * Micronaut's {@code @Scheduled} tasks are. A task that runs on a plain {@code TaskScheduler} call instead outlives
 * its context, and goes on using pools and connections that context closed, or that a newer context shares.
 */
public interface Schedules {

    /**
     * Runs {@code task} after {@code first}, then again {@code delay} after each run ends, until the context shuts
     * down. While the context starts, {@code first} counts from the end of its start (a context that fails to start
     * runs nothing); a task scheduled after the shutdown began never runs.
     *
     * @param first the delay before the first run
     * @param delay the delay between the end of one run and the start of the next
     * @param task  the work; what it throws ends only that run (it should catch and log its own failures)
     */
    void withFixedDelay(Duration first, Duration delay, Runnable task);
}
