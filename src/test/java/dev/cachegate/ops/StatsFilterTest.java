package dev.cachegate.ops;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class StatsFilterTest {

    @Test
    void countsEveryRequestButHealthChecksAndScrapes() {
        assertThat(StatsFilter.counts("/products/1")).isTrue();
        assertThat(StatsFilter.counts("/stats")).isTrue();
        assertThat(StatsFilter.counts("/whoami")).isTrue();
        assertThat(StatsFilter.counts("/healthz")).isTrue();
        assertThat(StatsFilter.counts("/health")).isFalse();
        assertThat(StatsFilter.counts("/health/readiness")).isFalse();
        assertThat(StatsFilter.counts("/prometheus")).isFalse();
    }
}
