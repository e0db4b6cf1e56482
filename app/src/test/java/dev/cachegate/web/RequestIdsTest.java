package dev.cachegate.web;

import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class RequestIdsTest {

    @Test
    void keepsUuidsAndNginxIds() {
        assertThat(RequestIds.sanitize("3f2b8c1e-6a44-4f5e-9b1a-0c7d2e9f8a61")).isPresent();
        assertThat(RequestIds.sanitize("5d41402abc4b2a76b9719d911017c592")).isPresent();
        assertThat(RequestIds.sanitize("trace.span:1_2-3")).isPresent();
    }

    @Test
    void refusesWhatCouldForgeLogLinesOrHeaders() {
        assertThat(RequestIds.sanitize(null)).isEmpty();
        assertThat(RequestIds.sanitize("")).isEmpty();
        assertThat(RequestIds.sanitize("a b")).isEmpty();
        assertThat(RequestIds.sanitize("id\nFAKE LOG LINE")).isEmpty();
        assertThat(RequestIds.sanitize("x".repeat(129))).isEmpty();
    }

    @Test
    void generatesDistinct128BitHexIds() {
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            String id = RequestIds.generate();
            assertThat(id).matches("[0-9a-f]{32}");
            ids.add(id);
        }
        assertThat(ids).hasSize(1000);
    }
}
