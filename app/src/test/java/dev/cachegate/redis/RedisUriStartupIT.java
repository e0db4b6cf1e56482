package dev.cachegate.redis;

import dev.cachegate.testinfra.UsesSharedServers;
import io.micronaut.context.ApplicationContext;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Startup refuses a Redis URI Lettuce could not follow, of either role, naming the key and masking the password. */
class RedisUriStartupIT {

    @Test
    void aSentinelUriWithoutItsPrimaryNameStopsStartupNamingTheKeyButNotThePassword() {
        startupWith(Map.of("cachegate.redis.state-uri", "redis-sentinel://state:hunter2-secret@127.0.0.1:26379/0"))
                .hasStackTraceContaining("cachegate.redis.state-uri names Sentinels but no primary")
                .hasStackTraceContaining("'redis-sentinel://state:****@127.0.0.1:26379/0'")
                .hasStackTraceContaining("#<master name>")
                .satisfies(e -> assertThat(stackTrace(e)).doesNotContain("hunter2"));
    }

    @Test
    void aBadCacheUriStopsStartupNamingItsKeyButNotThePassword() {
        startupWith(Map.of("cachegate.redis.cache-uri", "http://cache:hunter2-secret@127.0.0.1:6379"))
                .hasStackTraceContaining("cachegate.redis.cache-uri must be a Redis URI")
                .hasStackTraceContaining("'http://cache:****@127.0.0.1:6379'")
                .satisfies(e -> assertThat(stackTrace(e)).doesNotContain("hunter2"));
    }

    @Test
    void aReplicaWaitAsLongAsTheCommandTimeoutStopsStartup() {
        startupWith(Map.of("cachegate.redis.state-replica-acks", "1", "cachegate.redis.state-replica-timeout", "200ms"))
                .hasStackTraceContaining("cachegate.redis.state-replica-timeout must be shorter than "
                        + "cachegate.redis.state-timeout (PT0.2S) but was PT0.2S");
    }

    /** @return what starting the application on the shared servers with these settings threw */
    private static AbstractThrowableAssert<?, ? extends Throwable> startupWith(Map<String, Object> settings) {
        Map<String, Object> properties = new HashMap<>(new UsesSharedServers() { }.getProperties());
        properties.putAll(settings);
        return assertThatThrownBy(() -> ApplicationContext.run(properties, "test"));
    }

    private static String stackTrace(Throwable e) {
        StringWriter text = new StringWriter();
        e.printStackTrace(new PrintWriter(text));
        return text.toString();
    }
}
