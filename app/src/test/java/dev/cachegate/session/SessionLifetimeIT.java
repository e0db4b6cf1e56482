package dev.cachegate.session;

import dev.cachegate.redis.RedisRole;
import dev.cachegate.redis.StateRedisConfig;
import dev.cachegate.routing.Lsn;
import dev.cachegate.testinfra.FakeClock;
import dev.cachegate.testinfra.SharedInfrastructure;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Session lifetimes on the real Redis, with the login clock in the test's hands: the sliding TTL never carries a
 * session past its absolute lifetime, and a user's sessions can be ended together.
 */
class SessionLifetimeIT {

    private static final Duration TTL = Duration.ofMinutes(30);
    private static final Duration MAX_LIFETIME = Duration.ofHours(12);

    private final RedisRole redis = SharedInfrastructure.appRedis();
    private final FakeClock clock = new FakeClock();
    private final SessionStore store = new SessionStore(new StateRedis(SharedInfrastructure::appRedis,
            SharedInfrastructure::appClient,
            new StateRedisConfig(SharedInfrastructure.appRedisUri(), Duration.ofMillis(200), 0,
                    Duration.ofMillis(100)), new io.micrometer.core.instrument.simple.SimpleMeterRegistry()),
            new SessionConfig(List.of(), TTL, MAX_LIFETIME, "cachegate_session", null, List.of()), clock);

    @Test
    void aSessionInUseEndsAtItsAbsoluteLifetimeAndItsTtlNeverReachesPastIt() {
        Session session = store.create(user("carol"));

        clock.advance(MAX_LIFETIME.minusMinutes(10));
        assertThat(store.touch(session.id())).as("used within its lifetime").isPresent();
        assertThat(redis.sync().pttl("session:" + session.id())).as("the TTL is cut to what the lifetime leaves")
                .isBetween(1L, Duration.ofMinutes(10).toMillis());

        clock.advance(Duration.ofMinutes(10));
        assertThat(store.touch(session.id())).as("past its lifetime, however recently used").isEmpty();
        assertThat(redis.sync().exists("session:" + session.id())).isZero();
    }

    @Test
    void endingEverySessionOfAUserLeavesOtherUsersAlone() {
        String dave = user("dave");
        Session laptop = store.create(dave);
        Session phone = store.create(dave);
        Session other = store.create(user("erin"));

        assertThat(store.deleteAll(dave)).isEqualTo(2);

        assertThat(store.touch(laptop.id())).isEmpty();
        assertThat(store.touch(phone.id())).isEmpty();
        assertThat(store.touch(other.id())).isPresent();
        assertThat(store.deleteAll(dave)).as("nothing left").isZero();
    }

    @Test
    void aSessionsTokenOnlyMovesForwardWhateverOrderItsWritesRecordIn() {
        Session session = store.create(user("grace"));

        store.recordWrite(session.id(), Lsn.parse("0/3000200"));
        store.recordWrite(session.id(), Lsn.parse("0/3000100"));
        assertThat(store.touch(session.id()).orElseThrow().token()).as("the older write recorded last")
                .isEqualTo(Lsn.parse("0/3000200"));
        store.recordWrite(session.id(), Lsn.parse("1/100"));
        assertThat(store.touch(session.id()).orElseThrow().token()).as("a higher word wins over a longer low word")
                .isEqualTo(Lsn.parse("1/100"));
    }

    private static String user(String name) {
        return name + "-" + UUID.randomUUID().toString().substring(0, 8);
    }
}
