package dev.cachegate;

import dev.cachegate.catalog.CatalogSeeder;
import dev.cachegate.launch.LaunchMode;
import dev.cachegate.launch.LocalServers;
import dev.cachegate.ops.Drain;
import io.micronaut.context.ApplicationContext;
import io.micronaut.context.env.Environment;
import io.micronaut.context.exceptions.ConfigurationException;
import io.micronaut.runtime.Micronaut;
import io.swagger.v3.oas.annotations.OpenAPIDefinition;
import io.swagger.v3.oas.annotations.info.Info;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Starts cachegate.
 *
 * <p>The launch mode is decided before the application context exists, from the same property sources the context
 * will read (configuration files, system properties, environment variables): the embedded servers must be running,
 * and their addresses known, before the datasources, Flyway and the Redis client are created. The embedded servers
 * come from the {@code cachegate-embedded} module ({@link LocalServers}); the production jar does not carry it and,
 * given no servers, exits naming the keys to set. SIGTERM first drains
 * the instance ({@link Drain}); then, as on Ctrl-C, Micronaut's own shutdown hook stops the context; ours waits for that and then stops the embedded servers and
 * deletes their data, so nothing is left behind.
 */
@OpenAPIDefinition(info = @Info(title = "cachegate", version = "0.1",
        description = "Product-catalog and payments API: a tiered caching and idempotency gateway"))
public final class Application {

    private static final Logger LOG = LoggerFactory.getLogger(Application.class);
    private static final String EMBEDDED_SEED = "cachegate.embedded.seed-products";
    private static final Duration SHUTDOWN_GRACE = Duration.ofSeconds(30);

    private Application() {
    }

    /**
     * @param args command-line arguments, passed to Micronaut
     */
    public static void main(String[] args) {
        Map<String, Object> properties = new HashMap<>();
        LaunchMode mode;
        try (ApplicationContext probe = ApplicationContext.builder().args(args).build()) {
            Environment environment = probe.getEnvironment().start();
            mode = LaunchMode.detect(name -> environment.getProperty(name, String.class),
                    LocalServers.embeddedAvailable());
            if (mode == LaunchMode.EMBEDDED) {
                environment.getProperty(EMBEDDED_SEED, String.class)
                        .ifPresent(count -> properties.put(CatalogSeeder.PROPERTY, count));
            }
        } catch (ConfigurationException e) {
            System.err.println("cachegate: " + e.getMessage());
            System.exit(2);
            return;
        }
        properties.put(LaunchMode.PROPERTY, mode.name().toLowerCase());
        AtomicReference<ApplicationContext> context = new AtomicReference<>();
        if (mode == LaunchMode.EMBEDDED) {
            LOG.info("No Redis/PostgreSQL configured: starting the embedded default (set REDIS_URI, "
                    + "DATASOURCES_PRIMARY_URL and DATASOURCES_REPLICA_URL to use your own servers)");
            LocalServers servers = LocalServers.startEmbedded().orElseThrow();
            properties.putAll(servers.properties());
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                awaitStopped(context.get());
                servers.close();
            }, "cachegate-embedded-shutdown"));
        }
        context.set(Micronaut.build(args).mainClass(Application.class).properties(properties).start());
        context.get().getBean(Drain.class).onSigterm();
    }

    private static void awaitStopped(ApplicationContext context) {
        long deadline = System.nanoTime() + SHUTDOWN_GRACE.toNanos();
        while (context != null && context.isRunning() && System.nanoTime() < deadline) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
