package dev.cachegate;

import io.micronaut.context.annotation.Factory;
import jakarta.inject.Singleton;

import java.time.Clock;

/** The application's clock, one bean so tests can replace it instead of sleeping. */
@Factory
final class TimeFactory {

    @Singleton
    Clock clock() {
        return Clock.systemUTC();
    }
}
