package dev.cachegate.routing;

import dev.cachegate.config.ConfigChecks.Positive;
import dev.cachegate.config.ConfigChecks.ShorterThan;
import dev.cachegate.config.ConfigChecks.WholeSeconds;
import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.context.annotation.Context;
import io.micronaut.core.bind.annotation.Bindable;

import java.time.Duration;

import static dev.cachegate.config.ConfigChecks.check;

/**
 * {@code cachegate.database}: the bounds every PostgreSQL connection of both datasources gets, so that neither a
 * black-holed server nor a long lock wait can hold a thread or a pooled connection without limit.
 *
 * @param socketTimeout    pgjdbc {@code socketTimeout}: a read from the server that waits longer fails as a
 *                         connection failure (SQLState 08006) and the connection is discarded; whole seconds, because
 *                         pgjdbc counts it in seconds
 * @param statementTimeout the server's {@code statement_timeout} for every session: a statement (a lock wait
 *                         included) running longer is cancelled by the server (SQLState 57014), leaving the connection
 *                         usable; shorter than {@code socket-timeout}, so that the server's clean cancel comes first
 * @param tcpKeepAlive     TCP keepalive on every connection, so that the kernel notices a peer that vanished while the
 *                         connection was idle in the pool
 */
@Context
@ConfigurationProperties("cachegate.database")
public record DatabaseConfig(@Bindable(defaultValue = "10s") @WholeSeconds Duration socketTimeout,
                             @Bindable(defaultValue = "5s") @Positive @ShorterThan("socketTimeout")
                             Duration statementTimeout,
                             @Bindable(defaultValue = "true") boolean tcpKeepAlive) {

    /** Validates, echoing the bad value. */
    public DatabaseConfig {
        check(DatabaseConfig.class, socketTimeout, statementTimeout, tcpKeepAlive);
    }
}
