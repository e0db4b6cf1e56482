package dev.cachegate.routing;

import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.configuration.jdbc.hikari.DatasourceConfiguration;
import io.micronaut.context.BeanContext;
import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.EachBean;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.exceptions.DisabledBeanException;
import io.micronaut.inject.qualifiers.Qualifiers;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.TaskScheduler;
import jakarta.inject.Named;

import java.time.Duration;
import javax.sql.DataSource;

/**
 * One {@link ReplicaTracker} per replica datasource ({@link Databases#isReplica}), each polling on its own schedule
 * of the shared scheduler; every other datasource gets none.
 */
@Factory
final class ReplicaTrackers {

    @EachBean(DatasourceConfiguration.class)
    @Bean(preDestroy = "close")
    ReplicaTracker tracker(DatasourceConfiguration settings, BeanContext beans, RoutingConfig config,
                           MeterRegistry meters, @Named(TaskExecutors.SCHEDULED) TaskScheduler scheduler) {
        String name = settings.getName();
        if (!Databases.isReplica(name)) {
            throw new DisabledBeanException("datasources." + name + " is not a replica");
        }
        DataSource dataSource = beans.getBean(DataSource.class, Qualifiers.byName(name));
        ReplicaTracker tracker = new ReplicaTracker(name, dataSource, settings, config, meters);
        tracker.scheduled(scheduler.scheduleWithFixedDelay(Duration.ZERO, config.pollInterval(), tracker::poll));
        return tracker;
    }
}
