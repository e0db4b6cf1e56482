package dev.cachegate;

import com.github.benmanes.caffeine.cache.Ticker;
import io.micronaut.context.annotation.Factory;
import jakarta.inject.Singleton;

import java.time.Clock;

/**
 * The application's two time sources, one bean each so tests can replace them instead of sleeping: the {@link Clock}
 * for timestamps that are stored or shared, the {@link Ticker} for durations and deadlines.
 */
@Factory
final class TimeFactory {

    @Singleton
    Clock clock() {
        return Clock.systemUTC();
    }

    @Singleton
    Ticker ticker() {
        return Ticker.systemTicker();
    }
}
