package dev.cachegate.redis;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StateRedisConfigTest {

    private static final Duration TIMEOUT = Duration.ofMillis(200);
    private static final Duration WAIT = Duration.ofMillis(100);

    @Test
    void aSentinelUriWithItsPrimaryNameIsAccepted() {
        StateRedisConfig config = new StateRedisConfig(
                "redis-sentinel://state:secret@127.0.0.1:26379,127.0.0.1:26380,127.0.0.1:26381/0#mymaster",
                TIMEOUT, 1, WAIT);

        assertThat(config.redisUri().getSentinels()).hasSize(3);
        assertThat(config.redisUri().getSentinelMasterId()).isEqualTo("mymaster");
    }

    @Test
    void aBadUriStopsStartupNamingTheKeyAndEchoingTheValueWithThePasswordMasked() {
        assertThatThrownBy(() -> new StateRedisConfig("http://state:s3cret@cache:6379", TIMEOUT, 0, WAIT))
                .hasMessageStartingWith("cachegate.redis.state-uri must be a Redis URI")
                .hasMessageContaining("but was 'http://state:****@cache:6379'")
                .hasMessageNotContaining("s3cret");
        assertThatThrownBy(() -> new StateRedisConfig("redis-sentinel://:s3cret@127.0.0.1:26379/0", TIMEOUT, 0, WAIT))
                .hasMessage("cachegate.redis.state-uri names Sentinels but no primary: add '#<master name>' "
                        + "(redis-sentinel://h1:p1,h2:p2,h3:p3/0#mymaster) but was "
                        + "'redis-sentinel://:****@127.0.0.1:26379/0'");
        assertThatThrownBy(() -> new StateRedisConfig("redis://127.0.0.1:notaport", TIMEOUT, 0, WAIT))
                .hasMessageContaining("cachegate.redis.state-uri").hasMessageContaining("'redis://127.0.0.1:notaport'");
        assertThatThrownBy(() -> new StateRedisConfig("", TIMEOUT, 0, WAIT))
                .hasMessageContaining("cachegate.redis.state-uri").hasMessageEndingWith("but was empty");
    }

    @Test
    void theReplicaWaitMustFitInsideTheCommandTimeout() {
        assertThatThrownBy(() -> new StateRedisConfig("redis://127.0.0.1:6379", TIMEOUT, 1, TIMEOUT))
                .hasMessage("cachegate.redis.state-replica-timeout must be shorter than cachegate.redis.state-timeout "
                        + "(PT0.2S) but was PT0.2S");
        assertThatThrownBy(() -> new StateRedisConfig("redis://127.0.0.1:6379", TIMEOUT, -1, WAIT))
                .hasMessage("cachegate.redis.state-replica-acks must be between 0 and 16 but was -1");
        assertThat(new StateRedisConfig("redis://127.0.0.1:6379", Duration.ofMillis(50), 0, WAIT).stateReplicaAcks())
                .as("the wait is not checked while it is off").isZero();
    }

    @Test
    void masksPasswordsWithOrWithoutAUser() {
        assertThat(StateRedisConfig.masked("redis://user:pw@h:1")).isEqualTo("redis://user:****@h:1");
        assertThat(StateRedisConfig.masked("rediss://pw@h:1/0")).isEqualTo("rediss://****@h:1/0");
        assertThat(StateRedisConfig.masked("redis://h:1")).isEqualTo("redis://h:1");
    }
}
