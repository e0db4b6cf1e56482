package dev.cachegate.ops;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class OpsFilterTest {

    @Test
    void countsEveryRequestButHealthChecksAndScrapes() {
        assertThat(OpsFilter.counts("/products/1")).isTrue();
        assertThat(OpsFilter.counts("/stats")).isTrue();
        assertThat(OpsFilter.counts("/whoami")).isTrue();
        assertThat(OpsFilter.counts("/healthz")).isTrue();
        assertThat(OpsFilter.counts("/health")).isFalse();
        assertThat(OpsFilter.counts("/health/readiness")).isFalse();
        assertThat(OpsFilter.counts("/prometheus")).isFalse();
    }

    @Test
    void marksOnlyOperationalAnswersNoStore() {
        assertThat(OpsFilter.isOps("/health")).isTrue();
        assertThat(OpsFilter.isOps("/health/liveness")).isTrue();
        assertThat(OpsFilter.isOps("/prometheus")).isTrue();
        assertThat(OpsFilter.isOps("/whoami")).isTrue();
        assertThat(OpsFilter.isOps("/stats")).isTrue();
        assertThat(OpsFilter.isOps("/products/1")).isFalse();
        assertThat(OpsFilter.isOps("/healthz")).isFalse();
        assertThat(OpsFilter.isOps("/statsx")).isFalse();
    }
}
