package dev.cachegate.routing;

import dev.cachegate.config.ConfigChecks.NotNegative;
import dev.cachegate.config.ConfigChecks.Positive;
import dev.cachegate.config.ConfigChecks.ShorterThan;
import dev.cachegate.config.ConfigChecks.WholeSeconds;
import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.context.annotation.Context;
import io.micronaut.core.bind.annotation.Bindable;

import java.time.Duration;

import static dev.cachegate.config.ConfigChecks.check;

/**
 * {@code cachegate.routing}: which database serves a read.
 *
 * @param readYourWrites  whether reads carrying a causal token wait for (or bypass) a lagging replica; off demonstrates
 *                        the stale read
 * @param maxWait         how long a read with a token waits for the replica before going to the primary
 * @param maxReplicaLag   past this lag the replica serves no reads at all
 * @param pollInterval    how often the replica's position is tracked
 * @param heartbeatInterval how often each instance moves the replication heartbeat on the primary; the replica's
 *                        measured staleness is at least this coarse
 * @param trackerTimeout  connect and socket timeout of the tracker's own replica connection (whole seconds, pgjdbc
 *                        counts them so): a replica that stops answering is marked down within this plus
 *                        {@code poll-interval}
 */
@Context
@ConfigurationProperties("cachegate.routing")
public record RoutingConfig(@Bindable(defaultValue = "true") boolean readYourWrites,
                            @Bindable(defaultValue = "50ms") @NotNegative Duration maxWait,
                            @Bindable(defaultValue = "10s") @Positive Duration maxReplicaLag,
                            @Bindable(defaultValue = "50ms") Duration pollInterval,
                            @Bindable(defaultValue = "1s") @Positive @ShorterThan("maxReplicaLag")
                            Duration heartbeatInterval,
                            @Bindable(defaultValue = "2s") @WholeSeconds Duration trackerTimeout) {

    /** Validates, echoing the bad value. */
    public RoutingConfig {
        check(RoutingConfig.class, readYourWrites, maxWait, maxReplicaLag, pollInterval,
                heartbeatInterval, trackerTimeout);
        if (pollInterval == null || pollInterval.toMillis() < 5) {
            throw new IllegalArgumentException("cachegate.routing.poll-interval must be at least 5ms but was "
                    + pollInterval);
        }
    }
}
