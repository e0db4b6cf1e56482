package dev.cachegate.testinfra;

import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Several cachegate instances in this JVM, each an embedded Micronaut server with its own instance id, all on the
 * shared servers (or on the servers the properties name). Closing the cluster stops them.
 */
public final class Cluster implements AutoCloseable {

    private final List<EmbeddedServer> instances = new ArrayList<>();

    private Cluster() {
    }

    /**
     * @param size       how many instances
     * @param name       prefix of their instance ids, e.g. {@code stampede} gives {@code stampede-1}, …
     * @param properties configuration on top of the shared servers' (these win)
     * @return the running cluster
     */
    public static Cluster start(int size, String name, Map<String, String> properties) {
        Cluster cluster = new Cluster();
        try {
            for (int i = 1; i <= size; i++) {
                Map<String, Object> config = new HashMap<>(new UsesSharedServers() { }.getProperties());
                config.put("micronaut.server.port", -1);
                config.put("cachegate.instance-id", name + "-" + i);
                config.putAll(properties);
                cluster.instances.add(ApplicationContext.run(EmbeddedServer.class, config, "test"));
            }
        } catch (RuntimeException e) {
            cluster.close();
            throw e;
        }
        return cluster;
    }

    /**
     * @param index 0-based
     * @return an HTTP client for that instance
     */
    public Http http(int index) {
        return new Http(instances.get(index).getURI());
    }

    /** @return how many instances */
    public int size() {
        return instances.size();
    }

    /**
     * @param index 0-based
     * @return that instance's application context
     */
    public ApplicationContext context(int index) {
        return instances.get(index).getApplicationContext();
    }

    /**
     * @param name a counter's name, e.g. {@code cachegate.cache.loads}
     * @param tags alternating tag names and values that the counters must have
     * @return the sum of the matching counters over every instance
     */
    public double counter(String name, String... tags) {
        double total = 0;
        for (EmbeddedServer instance : instances) {
            total += counter(instance.getApplicationContext(), name, tags);
        }
        return total;
    }

    /**
     * @param context an instance's context
     * @param name    a counter's name
     * @param tags    alternating tag names and values
     * @return the sum of the matching counters in that instance
     */
    public static double counter(ApplicationContext context, String name, String... tags) {
        return context.getBean(MeterRegistry.class).find(name).tags(tags).counters().stream()
                .mapToDouble(io.micrometer.core.instrument.Counter::count).sum();
    }

    /**
     * @param context an instance's context
     * @param name    a gauge's name
     * @param tags    alternating tag names and values
     * @return the gauge's value in that instance
     */
    public static double gauge(ApplicationContext context, String name, String... tags) {
        return context.getBean(MeterRegistry.class).get(name).tags(tags).gauge().value();
    }

    @Override
    public void close() {
        for (EmbeddedServer instance : instances) {
            try {
                instance.getApplicationContext().close();
            } catch (RuntimeException e) {
                System.err.println("Could not stop " + instance + ": " + e);
            }
        }
        instances.clear();
    }
}
