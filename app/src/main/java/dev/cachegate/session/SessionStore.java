package dev.cachegate.session;

import dev.cachegate.routing.Lsn;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import jakarta.inject.Singleton;

import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;

/**
 * Sessions in Redis (the state role): a hash per session whose TTL starts again every time the session is used, read
 * and refreshed by one script so a session cannot expire between the two. A user's session ids are also kept in a set,
 * for logging all of them out. Every script touches one key, so on a Redis Cluster each runs on its key's shard: a
 * login adds the id to the user's set before it creates the session, so no session exists that a logout of all of
 * them would miss.
 *
 * <p>Failure policy: fail closed. Without Redis no session can be verified, so the request gets a 503, never a
 * request served as someone it cannot prove it is.
 */
@Singleton
public final class SessionStore {

    private static final String TOUCH = """
            local session = redis.call('HGETALL', KEYS[1])
            if #session == 0 then return session end
            local left = tonumber(redis.call('HGET', KEYS[1], 'loginAt')) + tonumber(ARGV[3]) - tonumber(ARGV[2])
            if left <= 0 then
              redis.call('DEL', KEYS[1])
              return {}
            end
            redis.call('PEXPIRE', KEYS[1], math.min(tonumber(ARGV[1]), left))
            return session
            """;
    private static final String CREATE = """
            redis.call('HSET', KEYS[1], 'username', ARGV[1], 'loginAt', ARGV[2])
            redis.call('PEXPIRE', KEYS[1], ARGV[3])
            return 1
            """;
    private static final String ADD_TO_USER = """
            redis.call('SADD', KEYS[1], ARGV[1])
            redis.call('PEXPIRE', KEYS[1], ARGV[2])
            return 1
            """;
    private static final String PREFIX = "session:";
    private static final String SET_TOKEN = """
            if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
            local current = redis.call('HGET', KEYS[1], 'token')
            if current then
              local ch, cl = string.match(current, '^(%x+)/(%x+)$')
              local nh, nl = string.match(ARGV[1], '^(%x+)/(%x+)$')
              if ch and nh then
                ch, cl, nh, nl = tonumber(ch, 16), tonumber(cl, 16), tonumber(nh, 16), tonumber(nl, 16)
                if ch > nh or (ch == nh and cl >= nl) then return 0 end
              end
            end
            redis.call('HSET', KEYS[1], 'token', ARGV[1])
            return 1
            """;

    private final StateRedis redis;
    private final SessionConfig config;
    private final Clock clock;

    SessionStore(StateRedis redis, SessionConfig config, Clock clock) {
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
        redis.replicated(userKey(username), commands -> commands.eval(ADD_TO_USER, ScriptOutputType.INTEGER,
                new String[] {userKey(username)}, session.id().toString(),
                Long.toString(config.maxLifetime().toMillis())), true);
        redis.replicated(key(session.id()), commands -> commands.eval(CREATE, ScriptOutputType.INTEGER,
                new String[] {key(session.id())}, username, Long.toString(session.loginAt().toEpochMilli()),
                Long.toString(config.ttl().toMillis())), true);
        return session;
    }

    /**
     * Finds a session and starts its TTL again, never past its absolute lifetime ({@code session.max-lifetime} after
     * its login; past that it is deleted).
     *
     * @param id the session id
     * @return the session, unless it expired or was logged out
     */
    public Optional<Session> touch(UUID id) {
        List<Object> flat = call(commands -> commands.eval(TOUCH, ScriptOutputType.MULTI, new String[] {key(id)},
                Long.toString(config.ttl().toMillis()), Long.toString(clock.millis()),
                Long.toString(config.maxLifetime().toMillis())));
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

    /**
     * Records the causal token of a write of the session's, keeping the newer of it and the one recorded: two writes
     * of one session in flight at once may record in either order, and reads must wait for both.
     */
    public void recordWrite(UUID id, Lsn token) {
        redis.replicated(key(id), commands -> commands.eval(SET_TOKEN, ScriptOutputType.INTEGER,
                new String[] {key(id)}, token.toString()), false);
    }

    /** Logs a session out everywhere. */
    public void delete(UUID id) {
        redis.replicated(key(id), commands -> commands.del(key(id)), true);
    }

    private <T> T call(Function<RedisClusterCommands<String, String>, T> command) {
        return redis.call(command);
    }

    /**
     * Logs every session of a user out, on every instance.
     *
     * @param username whose
     * @return how many sessions there were (some may have expired already)
     */
    public long deleteAll(String username) {
        Set<String> ids = call(commands -> commands.smembers(userKey(username)));
        for (String id : ids) {
            redis.replicated(PREFIX + id, commands -> commands.del(PREFIX + id), true);
        }
        redis.replicated(userKey(username), commands -> commands.del(userKey(username)), true);
        return ids.size();
    }

    private static String key(UUID id) {
        return PREFIX + id;
    }

    /** The set of a user's session ids; it outlives none of them by more than {@code session.max-lifetime}. */
    private static String userKey(String username) {
        return "sessions-of:" + username;
    }
}
