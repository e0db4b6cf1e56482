package dev.cachegate.ops;

import io.micronaut.context.BeanProvider;
import io.micronaut.runtime.graceful.GracefulShutdownCapable;
import io.micronaut.runtime.server.EmbeddedServer;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The graceful shutdown a load balancer can follow, run on SIGTERM before the JVM's shutdown hooks:
 * <ol>
 *   <li>{@code /health/readiness} turns DOWN at once (component {@code drain});</li>
 *   <li>for {@code cachegate.shutdown.drain} the instance goes on serving in-flight and new requests normally, each
 *       response with {@code Connection: close} ({@link OpsFilter}), so a proxy's pooled connections to it are gone by
 *       the end of the drain and a proxy that does not read readiness (nginx) moves on by itself;</li>
 *   <li>the server stops accepting connections, closes idle ones and waits up to
 *       {@code cachegate.shutdown.in-flight-timeout} for the requests still in flight (Micronaut's
 *       {@link GracefulShutdownCapable} server);</li>
 *   <li>then the JVM exits: Micronaut's hook stops the context, which closes the datasources' pools and the Redis
 *       connections, and the embedded default's hook stops its servers.</li>
 * </ol>
 * A second SIGTERM during the drain exits at once. SIGINT (Ctrl-C) is not drained.
 *
 * <p>Micronaut's own shutdown hook stops the HTTP server first and its graceful shutdown listener only runs after
 * that, so the sequence is started from a SIGTERM handler instead ({@code sun.misc.Signal}, the JDK's supported-but-
 * unsupported signal API, which replaces the JVM's default TERM handler only in {@link #onSigterm()}'s process).
 *
 * <p>Failure policy: a drain never blocks an exit past its two bounds; requests still running after
 * {@code in-flight-timeout} are cut, and the log says how many.
 */
@Singleton
public final class Drain {

    private static final Logger LOG = LoggerFactory.getLogger(Drain.class);

    private final ShutdownConfig config;
    private final BeanProvider<EmbeddedServer> server;
    private final AtomicBoolean started = new AtomicBoolean();
    private volatile boolean draining;

    Drain(ShutdownConfig config, BeanProvider<EmbeddedServer> server) {
        this.config = config;
        this.server = server;
    }

    /** @return whether this instance is leaving rotation: readiness DOWN, connections closed after each response */
    public boolean draining() {
        return draining;
    }

    /** Makes SIGTERM run {@link #drainAndStop()} and then exit the JVM with status 0 (143 on a second SIGTERM). */
    public void onSigterm() {
        Signal.handle(new Signal("TERM"), signal -> {
            if (started.get()) {
                LOG.warn("Second SIGTERM during the drain: exiting now");
                Runtime.getRuntime().halt(143);
            }
            Thread.ofPlatform().name("cachegate-drain").start(() -> {
                drainAndStop();
                System.exit(0);
            });
        });
    }

    /**
     * Runs the drain and the server's graceful stop; returns once the server is stopped or its bounds have passed.
     * Runs once: later calls return at once.
     */
    public void drainAndStop() {
        if (!started.compareAndSet(false, true)) {
            return;
        }
        long start = System.nanoTime();
        draining = true;
        LOG.info("Draining: readiness is DOWN; serving with Connection: close for {}", config.drain());
        try {
            Thread.sleep(config.drain());
            if (server.find(null).orElse(null) instanceof GracefulShutdownCapable graceful) {
                LOG.info("Drained for {}: no longer accepting; waiting up to {} for requests in flight",
                        since(start), config.inFlightTimeout());
                awaitStopped(graceful);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        LOG.info("Drain done in {}", since(start));
    }

    private void awaitStopped(GracefulShutdownCapable graceful) throws InterruptedException {
        try {
            graceful.shutdownGracefully().toCompletableFuture()
                    .get(config.inFlightTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            LOG.warn("Requests still in flight after {}: {}; stopping anyway", config.inFlightTimeout(),
                    graceful.reportActiveTasks().orElse(-1));
        } catch (ExecutionException e) {
            LOG.warn("The server's graceful stop failed; stopping anyway", e.getCause());
        }
    }

    private static Duration since(long start) {
        return Duration.ofMillis(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
    }
}
