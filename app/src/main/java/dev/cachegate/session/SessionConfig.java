package dev.cachegate.session;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.context.annotation.Context;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.bind.annotation.Bindable;

import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;

/**
 * {@code cachegate.session}: Redis-backed sessions behind a signed cookie.
 *
 * @param signingKeys HMAC-SHA256 keys, at least 32 characters each: the first signs, all verify, so a key can be
 *                    rotated in (put it first) and the old one retired later without logging anyone out
 * @param ttl         how long an unused session lives; every request that uses it starts the period again
 * @param maxLifetime how long a session lives at most after its login, however much it is used
 * @param cookieName  the cookie's name
 * @param secure      whether the cookie is {@code Secure}; unset means yes in production mode and no in the embedded
 *                    default ({@link SessionCookies#secure()}); set it false only where clients reach cachegate over
 *                    plain HTTP on purpose
 * @param users       {@code username:<bcrypt hash>} entries ({@link Users}); production mode needs them, the embedded
 *                    default without them lets any username log in, as the seed exercise does
 */
@Context
@ConfigurationProperties("cachegate.session")
public record SessionConfig(@Bindable(defaultValue = "") List<String> signingKeys,
                            @Bindable(defaultValue = "30m") Duration ttl,
                            @Bindable(defaultValue = "12h") Duration maxLifetime,
                            @Bindable(defaultValue = "cachegate_session") String cookieName,
                            @Nullable Boolean secure,
                            @Bindable(defaultValue = "") List<String> users) {

    /** A bcrypt hash in its modular crypt format. */
    private static final Pattern BCRYPT = Pattern.compile("\\$2[aby]\\$\\d{2}\\$[./A-Za-z0-9]{53}");

    /** The shortest signing key accepted. */
    public static final int MIN_KEY_LENGTH = 32;

    /** Validates, echoing the bad value (never a key itself). */
    public SessionConfig {
        signingKeys = signingKeys == null ? List.of()
                : signingKeys.stream().map(String::trim).filter(k -> !k.isEmpty()).toList();
        users = users == null ? List.of() : users.stream().map(String::trim).filter(u -> !u.isEmpty()).toList();
        for (int i = 0; i < signingKeys.size(); i++) {
            if (signingKeys.get(i).length() < MIN_KEY_LENGTH) {
                throw new IllegalArgumentException("cachegate.session.signing-keys (CACHEGATE_SESSION_SIGNING_KEYS) "
                        + "entries must be at least " + MIN_KEY_LENGTH + " characters but entry " + (i + 1) + " was "
                        + signingKeys.get(i).length());
            }
        }
        if (ttl == null || ttl.toSeconds() < 1) {
            throw new IllegalArgumentException("cachegate.session.ttl must be at least 1s but was " + ttl);
        }
        if (maxLifetime == null || maxLifetime.compareTo(ttl) < 0) {
            throw new IllegalArgumentException("cachegate.session.max-lifetime must be at least cachegate.session.ttl ("
                    + ttl + ") but was " + maxLifetime);
        }
        if (cookieName == null || !cookieName.matches("[A-Za-z0-9_-]{1,64}")) {
            throw new IllegalArgumentException("cachegate.session.cookie-name must be 1-64 letters, digits, '_' or "
                    + "'-' but was '" + cookieName + "'");
        }
        for (int i = 0; i < users.size(); i++) {
            String user = users.get(i);
            int colon = user.indexOf(':');
            if (colon < 1 || !BCRYPT.matcher(user.substring(colon + 1)).matches()) {
                throw new IllegalArgumentException("cachegate.session.users (CACHEGATE_SESSION_USERS) entries must be "
                        + "username:<bcrypt hash> (" + PasswordHash.USAGE + ") but entry " + (i + 1)
                        + (colon < 1 ? " has no username" : " for '" + user.substring(0, colon) + "' is not a bcrypt "
                        + "hash"));
            }
        }
    }
}
