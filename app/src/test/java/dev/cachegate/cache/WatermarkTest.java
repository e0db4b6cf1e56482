package dev.cachegate.cache;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

class WatermarkTest {

    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
    private final Watermark watermark = new Watermark(Duration.ofSeconds(3), nanos::get);

    @Test
    void untrustedUntilTheFirstPollIsApplied() {
        nanos.addAndGet(Duration.ofSeconds(5).toNanos());

        assertThat(watermark.trusted()).isFalse();
        assertThat(watermark.age()).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void trustedForMaxLagFromThePollsStartNotFromItsEnd() {
        long pollStarted = nanos.get();
        nanos.addAndGet(Duration.ofSeconds(1).toNanos());
        watermark.advance(7, pollStarted);

        nanos.addAndGet(Duration.ofSeconds(2).toNanos());
        assertThat(watermark.trusted()).isTrue();
        nanos.incrementAndGet();
        assertThat(watermark.trusted()).isFalse();
        assertThat(watermark.age()).isEqualTo(Duration.ofSeconds(3).plusNanos(1));
    }

    @Test
    void neverMovesBackwards() {
        watermark.advance(9, nanos.get());
        watermark.advance(4, nanos.get() - 10);

        assertThat(watermark.seq()).isEqualTo(9);
        assertThat(watermark.age()).isZero();
    }

    @Test
    void theTtlOnlyDesignIsAlwaysTrusted() {
        assertThat(Watermark.untracked().trusted()).isTrue();
        assertThat(Watermark.untracked().tracked()).isFalse();
    }

    @Test
    void aWatermarkMadeWithABoundIsTrackedAndTheTtlOnlyOneIsNot() {
        assertThat(watermark.tracked()).isTrue();
        assertThat(Watermark.untracked().tracked()).isFalse();
        assertThat(Watermark.untracked().trusted()).isTrue();
    }
}
