package dev.cachegate.cache;

import com.github.benmanes.caffeine.cache.Ticker;
import io.lettuce.core.RedisConnectionException;
import io.micronaut.context.BeanProvider;
import io.micronaut.context.exceptions.BeanInstantiationException;

import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * One Redis role's connection, made on first use instead of at startup: an instance starts while that Redis is down
 * and uses it once it answers. Lettuce connects eagerly and reconnects only connections it once made, so the first
 * connection is this class's job; after that, Lettuce's own reconnect keeps it.
 *
 * <p>Failure policy: while the connection cannot be made, {@link #get()} throws {@link RedisConnectionException}
 * (a {@code RedisException}, which every caller already treats as Redis being down) and tries again at most once per
 * {@value #RETRY_MILLIS} ms, failing at once in between, so an outage costs requests no connect attempts of their own.
 *
 * @param <C> the connection type
 */
public final class RedisConnector<C> implements Supplier<C> {

    /** How often a connection that could not be made is tried again. */
    public static final long RETRY_MILLIS = 1000;

    private final String role;
    private final BeanProvider<C> connection;
    private final Ticker ticker;
    private volatile long failedAt;
    private volatile boolean failing;

    /**
     * @param role       the Redis role, for errors
     * @param connection the connection bean, made on the first {@code get()}
     * @param ticker     the time source of the retry window
     */
    public RedisConnector(String role, BeanProvider<C> connection, Ticker ticker) {
        this.role = role;
        this.connection = connection;
        this.ticker = ticker;
    }

    /**
     * @return the connection
     * @throws RedisConnectionException while it cannot be made
     */
    @Override
    public C get() {
        if (failing && ticker.read() - failedAt < TimeUnit.MILLISECONDS.toNanos(RETRY_MILLIS)) {
            throw new RedisConnectionException("the " + role + " Redis could not be reached; trying again within "
                    + RETRY_MILLIS + " ms");
        }
        try {
            C connected = connection.get();
            failing = false;
            return connected;
        } catch (BeanInstantiationException e) {
            failedAt = ticker.read();
            failing = true;
            throw new RedisConnectionException("could not connect to the " + role + " Redis", e);
        }
    }
}
