package dev.cachegate.session;

import dev.cachegate.redis.RedisRole;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import dev.cachegate.problem.DependencyUnavailableException;
import io.lettuce.core.RedisException;
import io.micronaut.context.BeanProvider;
import io.micronaut.context.exceptions.BeanInstantiationException;
import jakarta.inject.Named;
import jakarta.inject.Singleton;

import java.util.function.Function;

/**
 * The sessions' calls to the state role's Redis, failing closed: a Redis that cannot be reached (or whose connection
 * could not be made at startup) is a {@link DependencyUnavailableException}, a 503.
 */
@Singleton
final class StateRedis {

    private final BeanProvider<RedisRole> redis;

    StateRedis(@Named("state") BeanProvider<RedisRole> redis) {
        this.redis = redis;
    }

    <T> T call(Function<RedisClusterCommands<String, String>, T> command) {
        try {
            return command.apply(redis.get().sync());
        } catch (RedisException | BeanInstantiationException e) {
            throw new DependencyUnavailableException("redis", e);
        }
    }
}
