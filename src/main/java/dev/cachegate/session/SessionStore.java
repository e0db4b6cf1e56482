package dev.cachegate.session;

import dev.cachegate.problem.DependencyUnavailableException;
import dev.cachegate.routing.Lsn;
import io.lettuce.core.RedisException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.micronaut.context.BeanProvider;
import io.micronaut.context.exceptions.BeanInstantiationException;
import jakarta.inject.Named;
import jakarta.inject.Singleton;

import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;

/**
 * Sessions in Redis (the state role): a hash per session whose TTL starts again every time the session is used, read
 * and refreshed by one script so a session cannot expire between the two.
 *
 * <p>Failure policy: fail closed. Without Redis no session can be verified, so the request gets a 503, never a
 * request served as someone it cannot prove it is.
 */
@Singleton
public final class SessionStore {

    private static final String TOUCH = """
            local session = redis.call('HGETALL', KEYS[1])
            if #session == 0 then return session end
            redis.call('PEXPIRE', KEYS[1], ARGV[1])
            return session
            """;
    private static final String CREATE = """
            redis.call('HSET', KEYS[1], 'username', ARGV[1], 'loginAt', ARGV[2])
            redis.call('PEXPIRE', KEYS[1], ARGV[3])
            return 1
            """;
    private static final String SET_TOKEN = """
            if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
            redis.call('HSET', KEYS[1], 'token', ARGV[1])
            return 1
            """;

    private final BeanProvider<StatefulRedisConnection<String, String>> redis;
    private final SessionConfig config;
    private final Clock clock;

    SessionStore(@Named("state") BeanProvider<StatefulRedisConnection<String, String>> redis, SessionConfig config,
                 Clock clock) {
        this.redis = redis;
        this.config = config;
        this.clock = clock;
    }

    /**
     * @param username who logged in
     * @return the new session
     */
    public Session create(String username) {
        Session session = new Session(UUID.randomUUID(), username, Instant.now(clock), null);
        call(commands -> commands.eval(CREATE, ScriptOutputType.INTEGER, new String[] {key(session.id())}, username,
                Long.toString(session.loginAt().toEpochMilli()), Long.toString(config.ttl().toMillis())));
        return session;
    }

    /**
     * Finds a session and starts its TTL again.
     *
     * @param id the session id
     * @return the session, unless it expired or was logged out
     */
    public Optional<Session> touch(UUID id) {
        List<Object> flat = call(commands -> commands.eval(TOUCH, ScriptOutputType.MULTI, new String[] {key(id)},
                Long.toString(config.ttl().toMillis())));
        if (flat == null || flat.isEmpty()) {
            return Optional.empty();
        }
        Map<String, String> fields = new HashMap<>();
        for (int i = 0; i + 1 < flat.size(); i += 2) {
            fields.put(String.valueOf(flat.get(i)), String.valueOf(flat.get(i + 1)));
        }
        return Optional.of(new Session(id, fields.get("username"),
                Instant.ofEpochMilli(Long.parseLong(fields.get("loginAt"))), Lsn.parseOrNull(fields.get("token"))));
    }

    /** Records the causal token of the session's latest write. */
    public void recordWrite(UUID id, Lsn token) {
        call(commands -> commands.eval(SET_TOKEN, ScriptOutputType.INTEGER, new String[] {key(id)}, token.toString()));
    }

    /** Logs a session out everywhere. */
    public void delete(UUID id) {
        call(commands -> commands.del(key(id)));
    }

    private <T> T call(Function<RedisCommands<String, String>, T> command) {
        try {
            return command.apply(redis.get().sync());
        } catch (RedisException | BeanInstantiationException e) {
            throw new DependencyUnavailableException("redis", e);
        }
    }

    private static String key(UUID id) {
        return "session:" + id;
    }
}
