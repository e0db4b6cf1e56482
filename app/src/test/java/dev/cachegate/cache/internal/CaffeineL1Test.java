package dev.cachegate.cache.internal;

import com.github.benmanes.caffeine.cache.Ticker;
import dev.cachegate.testinfra.FakeClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class CaffeineL1Test {

    private final FakeClock clock = new FakeClock();
    private final Ticker ticker = () -> TimeUnit.MILLISECONDS.toNanos(clock.millis());
    private final Tombstones tombstones = new CaffeineTombstones(Duration.ofMinutes(1), 100, ticker);
    private final CaffeineL1<TestItem> l1 = new CaffeineL1<>(100, Duration.ofSeconds(10), tombstones, clock, ticker);

    private Entry<TestItem> entry(long version, Duration left) {
        return new Entry<>(new TestItem(version, "v" + version), version, clock.millis(),
                clock.millis() + left.toMillis(), 0);
    }

    @Test
    void anOlderFillDoesNotReplaceANewerEntryAndANewerOrEqualOneDoes() {
        Entry<TestItem> v2 = entry(2, Duration.ofSeconds(5));
        l1.offer(7, v2);

        l1.offer(7, entry(1, Duration.ofSeconds(5)));
        assertThat(l1.get(7)).as("older fill").isSameAs(v2);

        Entry<TestItem> sameVersion = entry(2, Duration.ofSeconds(8));
        l1.offer(7, sameVersion);
        assertThat(l1.get(7)).as("an equal version replaces (a later lifetime)").isSameAs(sameVersion);

        Entry<TestItem> v3 = entry(3, Duration.ofSeconds(5));
        l1.offer(7, v3);
        assertThat(l1.get(7)).isSameAs(v3);
    }

    @Test
    void aFillBelowTheTombstoneIsRefused() {
        tombstones.raise(7, 4);

        l1.offer(7, entry(3, Duration.ofSeconds(5)));
        assertThat(l1.get(7)).isNull();
        Entry<TestItem> v4 = entry(4, Duration.ofSeconds(5));
        l1.offer(7, v4);
        assertThat(l1.get(7)).isSameAs(v4);
    }

    @Test
    void aDropKeepsAnEntryAlreadyAtTheDroppedVersionAndRemovesAnOlderOne() {
        Entry<TestItem> v2 = entry(2, Duration.ofSeconds(5));
        l1.offer(7, v2);

        l1.drop(7, 2);
        assertThat(l1.get(7)).as("already holds version 2").isSameAs(v2);
        l1.drop(7, 3);
        assertThat(l1.get(7)).isNull();

        l1.offer(7, entry(5, Duration.ofSeconds(5)));
        l1.drop(7, 0);
        assertThat(l1.get(7)).as("a versionless drop removes whatever is there").isNull();
    }

    @Test
    void anEntryIsKeptForTheShorterOfL1sTtlAndWhatItHasLeft() {
        l1.offer(1, entry(1, Duration.ofSeconds(2)));
        l1.offer(2, entry(1, Duration.ofSeconds(30)));

        clock.advance(Duration.ofMillis(1_999));
        assertThat(l1.get(1)).isNotNull();
        clock.advance(Duration.ofMillis(1));
        assertThat(l1.get(1)).as("its own remainder ran out").isNull();

        clock.advance(Duration.ofMillis(7_999));
        assertThat(l1.get(2)).isNotNull();
        clock.advance(Duration.ofMillis(1));
        assertThat(l1.get(2)).as("L1's TTL ran out").isNull();
    }
}
