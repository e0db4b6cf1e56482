package dev.cachegate.session;

import dev.cachegate.launch.LaunchMode;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Value;
import io.micronaut.context.exceptions.ConfigurationException;
import io.micronaut.core.annotation.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.crypto.bcrypt.BCrypt;

import java.util.HashMap;
import java.util.Map;

/**
 * Who may log in: {@code cachegate.session.users}, {@code username:<bcrypt hash>} entries (Spring Security Crypto's
 * BCrypt; {@link PasswordHash} makes one). Production mode refuses to start without them. The embedded default,
 * without them, lets any username log in with any password or none, as the seed exercise does, and logs that it
 * does.
 *
 * <p>An unknown username costs the same bcrypt comparison as a wrong password, so the answer's timing does not tell
 * which usernames exist.
 */
@Context
final class Users {

    private static final Logger LOG = LoggerFactory.getLogger(Users.class);

    private final Map<String, String> hashes = new HashMap<>();
    private final String unknownUserHash = BCrypt.hashpw("unknown user", BCrypt.gensalt(PasswordHash.COST));

    Users(SessionConfig config, @Value("${" + LaunchMode.PROPERTY + ":production}") String mode) {
        for (String entry : config.users()) {
            int colon = entry.indexOf(':');
            hashes.put(entry.substring(0, colon), entry.substring(colon + 1));
        }
        if (hashes.isEmpty()) {
            if (!"embedded".equals(mode)) {
                throw new ConfigurationException("cachegate.session.users (CACHEGATE_SESSION_USERS) must be set in "
                        + "production mode, as username:<bcrypt hash> entries (" + PasswordHash.USAGE + "): without "
                        + "it anyone could log in as anyone");
            }
            LOG.warn("No cachegate.session.users set: this embedded run lets ANY username log in, without a password");
        }
    }

    /**
     * @param username who claims to log in
     * @param password the password given, or null
     * @return whether the login is accepted
     */
    boolean authenticate(String username, @Nullable String password) {
        if (hashes.isEmpty()) {
            return true;
        }
        String hash = hashes.get(username);
        boolean matches = BCrypt.checkpw(password == null ? "" : password, hash == null ? unknownUserHash : hash);
        return hash != null && matches;
    }
}
