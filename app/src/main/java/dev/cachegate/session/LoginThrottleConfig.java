package dev.cachegate.session;

import dev.cachegate.ConfigChecks;
import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.context.annotation.Context;
import io.micronaut.core.bind.annotation.Bindable;

import java.time.Duration;

/**
 * {@code cachegate.session.login-throttle}: how many logins {@link LoginThrottle} lets through per window.
 *
 * @param failuresPerUsername failed logins of one username per window; past them, its logins get 429
 * @param attemptsPerAddress  logins from one client address per window, failed or not; past them, 429
 * @param window              the fixed window both count in
 */
@Context
@ConfigurationProperties("cachegate.session.login-throttle")
public record LoginThrottleConfig(@Bindable(defaultValue = "5") int failuresPerUsername,
                                  @Bindable(defaultValue = "60") int attemptsPerAddress,
                                  @Bindable(defaultValue = "1m") Duration window) {

    /** Validates, echoing the bad value. */
    public LoginThrottleConfig {
        ConfigChecks.between("cachegate.session.login-throttle.failures-per-username", failuresPerUsername, 1,
                1_000_000);
        ConfigChecks.between("cachegate.session.login-throttle.attempts-per-address", attemptsPerAddress, 1,
                1_000_000);
        ConfigChecks.positive("cachegate.session.login-throttle.window", window);
    }
}
