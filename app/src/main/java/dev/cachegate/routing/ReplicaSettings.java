package dev.cachegate.routing;

import io.micronaut.configuration.jdbc.hikari.DatasourceConfiguration;
import io.micronaut.context.BeanContext;
import io.micronaut.context.env.Environment;
import io.micronaut.context.event.BeanCreatedEvent;
import io.micronaut.context.event.BeanCreatedEventListener;
import io.micronaut.inject.qualifiers.Qualifiers;
import jakarta.inject.Singleton;

import java.util.Map;
import java.util.function.BiConsumer;

/**
 * Gives every further replica ({@code datasources.replica2}, {@code datasources.replica-eu}…) each setting of
 * {@code datasources.replica} that it does not set itself, so that {@code application.yml} states the replicas'
 * pool and connection settings once and a further replica needs only its URL ({@code DATASOURCES_REPLICA2_URL}).
 * The URL is never inherited.
 */
@Singleton
record ReplicaSettings(BeanContext beans, Environment environment)
        implements BeanCreatedEventListener<DatasourceConfiguration> {

    private static final Map<String, BiConsumer<DatasourceConfiguration, DatasourceConfiguration>> INHERITED =
            Map.ofEntries(
                Map.entry("driver-class-name", (from, to) -> to.setDriverClassName(from.getDriverClassName())),
                Map.entry("username", (from, to) -> to.setUsername(from.getUsername())),
                Map.entry("password", (from, to) -> to.setPassword(from.getPassword())),
                Map.entry("maximum-pool-size", (from, to) -> to.setMaximumPoolSize(from.getMaximumPoolSize())),
                Map.entry("minimum-idle", (from, to) -> to.setMinimumIdle(from.getMinimumIdle())),
                Map.entry("connection-timeout", (from, to) -> to.setConnectionTimeout(from.getConnectionTimeout())),
                Map.entry("validation-timeout", (from, to) -> to.setValidationTimeout(from.getValidationTimeout())),
                Map.entry("idle-timeout", (from, to) -> to.setIdleTimeout(from.getIdleTimeout())),
                Map.entry("max-lifetime", (from, to) -> to.setMaxLifetime(from.getMaxLifetime())),
                Map.entry("keepalive-time", (from, to) -> to.setKeepaliveTime(from.getKeepaliveTime())),
                Map.entry("read-only", (from, to) -> to.setReadOnly(from.isReadOnly())),
                Map.entry("initialization-fail-timeout",
                        (from, to) -> to.setInitializationFailTimeout(from.getInitializationFailTimeout())));

    @Override
    public DatasourceConfiguration onCreated(BeanCreatedEvent<DatasourceConfiguration> event) {
        DatasourceConfiguration datasource = event.getBean();
        String name = datasource.getName();
        if (!Databases.isReplica(name) || Databases.REPLICA.equals(name)) {
            return datasource;
        }
        beans.findBean(DatasourceConfiguration.class, Qualifiers.byName(Databases.REPLICA)).ifPresent(first ->
                INHERITED.forEach((key, copy) -> {
                    if (!environment.containsProperty("datasources." + name + "." + key)) {
                        copy.accept(first, datasource);
                    }
                }));
        return datasource;
    }
}
