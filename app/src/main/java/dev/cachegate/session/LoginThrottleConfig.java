package dev.cachegate.session;

import dev.cachegate.config.ConfigChecks.Between;
import dev.cachegate.config.ConfigChecks.Positive;
import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.context.annotation.Context;
import io.micronaut.core.bind.annotation.Bindable;

import java.time.Duration;

import static dev.cachegate.config.ConfigChecks.check;

/**
 * {@code cachegate.session.login-throttle}: how many logins {@link LoginThrottle} lets through per window.
 *
 * @param failuresPerUsername failed logins of one username per window; past them, its logins get 429
 * @param attemptsPerAddress  logins from one client address per window, failed or not; past them, 429
 * @param window              the fixed window both count in
 */
@Context
@ConfigurationProperties("cachegate.session.login-throttle")
public record LoginThrottleConfig(@Bindable(defaultValue = "5") @Between(min = 1, max = 1e6) int failuresPerUsername,
                                  @Bindable(defaultValue = "60") @Between(min = 1, max = 1e6) int attemptsPerAddress,
                                  @Bindable(defaultValue = "1m") @Positive Duration window) {

    /** Validates, echoing the bad value. */
    public LoginThrottleConfig {
        check(LoginThrottleConfig.class, failuresPerUsername, attemptsPerAddress, window);
    }
}
