package dev.cachegate.web;

import io.micronaut.health.HealthStatus;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * One component of {@code /health}: a bean of this type appears there under its {@link #name()}, with the status and
 * details of its latest {@link #read()}. A component is a readiness one (it also counts in {@code /health/readiness},
 * not in {@code /health/liveness}).
 *
 * <p>Failure policy: a read that throws makes the component DOWN, with the exception in its details; it does not
 * fail {@code /health} as a whole.
 */
public interface HealthComponent {

    /** @return the component's key in {@code /health} */
    String name();

    /** @return the component's status and details now; called on every {@code /health} request */
    Reading read();

    /**
     * @param name the component's key in {@code /health}
     * @param read its status rule and details
     * @return the component
     */
    static HealthComponent of(String name, Supplier<Reading> read) {
        return new HealthComponent() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public Reading read() {
                return read.get();
            }
        };
    }

    /**
     * A component whose trouble degrades the instance but does not stop it serving: always UP, so that it keeps the
     * instance in the load balancer, and saying in its details what is wrong and what that costs.
     *
     * @param name    the component's key in {@code /health}
     * @param details fills the details, in the order they are shown, on every read
     * @return the component
     */
    static HealthComponent alwaysUp(String name, Consumer<Map<String, Object>> details) {
        return of(name, () -> {
            Map<String, Object> filled = new LinkedHashMap<>();
            details.accept(filled);
            return Reading.up(filled);
        });
    }

    /**
     * A component's status and its details, in the order they are shown.
     *
     * @param status  the component's status
     * @param details what the component reports
     */
    record Reading(HealthStatus status, Map<String, Object> details) {

        /** @return an UP reading: for a component whose trouble degrades the instance but does not stop it */
        public static Reading up(Map<String, Object> details) {
            return new Reading(HealthStatus.UP, details);
        }

        /** @return DOWN if {@code down}, else UP */
        public static Reading downWhen(boolean down, Map<String, Object> details) {
            return new Reading(down ? HealthStatus.DOWN : HealthStatus.UP, details);
        }
    }
}
