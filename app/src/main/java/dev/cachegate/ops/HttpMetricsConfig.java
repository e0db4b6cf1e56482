package dev.cachegate.ops;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.context.annotation.Context;
import io.micronaut.core.bind.annotation.Bindable;

import java.util.List;

/**
 * {@code cachegate.http-metrics}: the {@code http.server.requests} timer that {@link OpsFilter} records for every
 * request, in place of Micronaut's web metrics binder (which costs each request a pattern match, a tag list, a sort
 * and a registry lookup).
 *
 * @param slos the histogram's bucket bounds in seconds, ascending; the catalog's P99 SLO is one of them
 */
@Context
@ConfigurationProperties("cachegate.http-metrics")
public record HttpMetricsConfig(
        @Bindable(defaultValue = "0.001,0.0025,0.005,0.01,0.025,0.05,0.1,0.25,0.5,1,2.5") List<Double> slos) {

    /** Validates, echoing the bad value. */
    public HttpMetricsConfig {
        if (slos == null || slos.isEmpty()) {
            throw new IllegalArgumentException("cachegate.http-metrics.slos must name at least one bound but was "
                    + slos);
        }
        for (int i = 0; i < slos.size(); i++) {
            if (!(slos.get(i) > 0) || i > 0 && slos.get(i) <= slos.get(i - 1)) {
                throw new IllegalArgumentException("cachegate.http-metrics.slos must be positive seconds in ascending "
                        + "order but was " + slos);
            }
        }
        slos = List.copyOf(slos);
    }
}
