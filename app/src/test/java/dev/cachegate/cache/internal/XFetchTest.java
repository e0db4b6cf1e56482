package dev.cachegate.cache.internal;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

class XFetchTest {

    @Test
    void neverRefreshesFarBeforeExpiryOfACheapEntry() {
        assertThat(XFetch.shouldRefresh(0, 60_000, 1, 1, 0.5)).isFalse();
    }

    @Test
    void alwaysRefreshesAtOrAfterExpiry() {
        assertThat(XFetch.shouldRefresh(60_000, 60_000, 1, 1, 1.0)).isTrue();
        assertThat(XFetch.shouldRefresh(70_000, 60_000, 0, 1, 0.9)).isTrue();
    }

    @Test
    void refreshesEarlierTheLongerTheLoadAndTheLargerBeta() {
        SplittableRandom random = new SplittableRandom(7);
        int cheap = 0;
        int expensive = 0;
        int eager = 0;
        for (int i = 0; i < 10_000; i++) {
            double r = random.nextDouble();
            cheap += XFetch.shouldRefresh(59_000, 60_000, 10, 1, r) ? 1 : 0;
            expensive += XFetch.shouldRefresh(59_000, 60_000, 1_000, 1, r) ? 1 : 0;
            eager += XFetch.shouldRefresh(59_000, 60_000, 10, 100, r) ? 1 : 0;
        }
        assertThat(cheap).isZero();
        assertThat(expensive).isBetween(3_000, 4_400);
        assertThat(eager).isBetween(3_000, 4_400);
    }

    @Test
    void aRandomOfZeroGivesTheEarliestFiniteRefreshPointNotAnInfiniteOne() {
        assertThat(XFetch.shouldRefresh(59_500, 60_000, 1, 1, 0)).isTrue();
        assertThat(XFetch.shouldRefresh(0, 60_000, 1, 1, 0)).isFalse();
    }
}
