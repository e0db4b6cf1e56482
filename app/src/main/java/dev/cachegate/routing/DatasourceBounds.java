package dev.cachegate.routing;

import io.micronaut.configuration.jdbc.hikari.DatasourceConfiguration;
import io.micronaut.context.event.BeanCreatedEvent;
import io.micronaut.context.event.BeanCreatedEventListener;
import jakarta.inject.Singleton;

/**
 * Gives every datasource the bounds of {@link DatabaseConfig} before its pool opens: pgjdbc's {@code socketTimeout}
 * and {@code tcpKeepAlive}, and the server's {@code statement_timeout} through the startup {@code options}. A URL
 * that sets one of these itself keeps its own value (pgjdbc lets URL parameters win over properties).
 */
@Singleton
final class DatasourceBounds implements BeanCreatedEventListener<DatasourceConfiguration> {

    private final DatabaseConfig config;

    DatasourceBounds(DatabaseConfig config) {
        this.config = config;
    }

    @Override
    public DatasourceConfiguration onCreated(BeanCreatedEvent<DatasourceConfiguration> event) {
        DatasourceConfiguration datasource = event.getBean();
        datasource.addDataSourceProperty("socketTimeout", Long.toString(config.socketTimeout().toSeconds()));
        datasource.addDataSourceProperty("tcpKeepAlive", Boolean.toString(config.tcpKeepAlive()));
        datasource.addDataSourceProperty("options",
                "-c statement_timeout=" + config.statementTimeout().toMillis());
        return datasource;
    }
}
