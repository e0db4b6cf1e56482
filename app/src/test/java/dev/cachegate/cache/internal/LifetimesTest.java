package dev.cachegate.cache.internal;

import dev.cachegate.testinfra.FakeClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class LifetimesTest {

    private final FakeClock clock = new FakeClock();

    @Test
    void jitterShortensATtlByAtMostItsFractionAndNeverLengthensIt() {
        Lifetimes lifetimes = new Lifetimes(Duration.ofSeconds(10), Duration.ofSeconds(2), 0.2, clock);
        long now = clock.millis();

        for (int i = 0; i < 2_000; i++) {
            Entry<TestItem> value = lifetimes.loaded(new TestItem(3, "x"), 1);
            Entry<TestItem> none = lifetimes.loaded(null, 1);
            Entry<TestItem> committed = lifetimes.committed(new TestItem(3, "x"), now);

            assertThat(value.expiresAt() - now).isBetween(8_000L, 10_000L);
            assertThat(committed.expiresAt() - now).isBetween(8_000L, 10_000L);
            assertThat(none.expiresAt() - now).isBetween(1_600L, 2_000L);
        }
    }

    @Test
    void withoutJitterAnEntryLivesExactlyItsTtl() {
        Lifetimes lifetimes = new Lifetimes(Duration.ofSeconds(10), Duration.ofSeconds(2), 0, clock);

        Entry<TestItem> entry = lifetimes.loaded(new TestItem(3, "x"), 7.5);

        assertThat(entry.expiresAt()).isEqualTo(clock.millis() + 10_000);
        assertThat(entry.storedAt()).isEqualTo(clock.millis());
        assertThat(entry.version()).isEqualTo(3);
        assertThat(entry.loadMillis()).isEqualTo(7.5);
    }
}
