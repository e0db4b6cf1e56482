package dev.cachegate.session;

import dev.cachegate.auth.ClientAddresses;
import dev.cachegate.problem.ApiException;
import dev.cachegate.problem.ProblemType;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import io.micronaut.http.HttpRequest;
import jakarta.inject.Singleton;

import java.util.Map;
import java.util.function.Function;

/**
 * Login throttling in the state role's Redis, shared by every instance: fixed windows counting a username's failed
 * logins and a client address's attempts. Past either limit a login gets 429 {@code too-many-logins} with
 * {@code Retry-After} (the window's remaining seconds) before its password is even checked, so guessing costs the
 * guesser time and cachegate no bcrypt work. A success clears the username's failures.
 *
 * <p>The client address is {@link ClientAddresses}'s.
 *
 * <p>Each script touches one key, the address's window and then the username's, so that on a Redis Cluster each runs
 * on the shard of its key; the two checks need no atomicity between them.
 *
 * <p>Failure policy: fail closed, like sessions. Without Redis a login gets a 503 (it could not create a session
 * anyway).
 */
@Singleton
record LoginThrottle(StateRedis redis, LoginThrottleConfig config, ClientAddresses clients) {

    private static final String ADDRESS_ATTEMPT = """
            local attempts = redis.call('INCR', KEYS[1])
            if attempts == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
            if attempts > tonumber(ARGV[2]) then return math.max(1, redis.call('PTTL', KEYS[1])) end
            return 0
            """;
    private static final String USERNAME_LOCKED = """
            local failures = tonumber(redis.call('GET', KEYS[1]) or '0')
            if failures >= tonumber(ARGV[1]) then return math.max(1, redis.call('PTTL', KEYS[1])) end
            return 0
            """;
    private static final String FAILED = """
            if redis.call('INCR', KEYS[1]) == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
            return 1
            """;

    /**
     * Counts a login attempt, refusing it past either limit.
     *
     * @param request  the login request
     * @param username who it claims to be (already validated)
     * @throws TooManyLoginsException past a limit
     */
    void attempt(HttpRequest<?> request, String username) {
        refuseWhileWaiting(call(commands -> commands.eval(ADDRESS_ATTEMPT, ScriptOutputType.INTEGER,
                new String[] {"login-throttle:address:" + clients.of(request)},
                Long.toString(config.window().toMillis()), Integer.toString(config.attemptsPerAddress()))));
        refuseWhileWaiting(call(commands -> commands.eval(USERNAME_LOCKED, ScriptOutputType.INTEGER,
                new String[] {usernameKey(username)}, Integer.toString(config.failuresPerUsername()))));
    }

    private static void refuseWhileWaiting(Long waitMillis) {
        if (waitMillis != null && waitMillis > 0) {
            throw new TooManyLoginsException((waitMillis + 999) / 1000);
        }
    }

    /** @param username whose login failed */
    void failed(String username) {
        call(commands -> commands.eval(FAILED, ScriptOutputType.INTEGER, new String[] {usernameKey(username)},
                Long.toString(config.window().toMillis())));
    }

    /** @param username who logged in: their failures are forgotten */
    void succeeded(String username) {
        call(commands -> commands.del(usernameKey(username)));
    }

    private static String usernameKey(String username) {
        return "login-throttle:username:" + username;
    }

    private <T> T call(Function<RedisClusterCommands<String, String>, T> command) {
        return redis.call(command);
    }

    /** Past a login limit: 429 with how long to wait. */
    static final class TooManyLoginsException extends ApiException {
        private final long retryAfterSeconds;

        TooManyLoginsException(long retryAfterSeconds) {
            super(ProblemType.TOO_MANY_LOGINS, "too many login attempts for this username or from this address; "
                    + "retry after " + retryAfterSeconds + " s");
            this.retryAfterSeconds = retryAfterSeconds;
        }

        @Override
        public Map<String, String> headers() {
            return Map.of("Retry-After", Long.toString(retryAfterSeconds));
        }
    }
}
