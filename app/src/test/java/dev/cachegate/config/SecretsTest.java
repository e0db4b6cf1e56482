package dev.cachegate.config;

import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class SecretsTest {

    @Test
    void generatedSecretsAreFullLengthDistinctAndPassTheProductionTest() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 100; i++) {
            String secret = Secrets.generate();
            assertThat(secret).hasSize(43).matches("[A-Za-z0-9_-]+");
            assertThat(Secrets.weakness(secret)).as(secret).isEmpty();
            seen.add(secret);
        }
        assertThat(seen).hasSize(100);
    }

    @Test
    void publishedRepeatedAndLowEntropyValuesAreRefusedWithoutQuotingThem() {
        assertThat(Secrets.weakness("compose-demo-admin-token")).hasValueSatisfying(why ->
                assertThat(why).contains("'compose-demo'").doesNotContain("admin-token"));
        assertThat(Secrets.weakness("cachegate-page-cursor-key-change-me")).hasValueSatisfying(why ->
                assertThat(why).contains("'change-me'"));
        assertThat(Secrets.weakness("6f1c2a9e".repeat(4))).as("the old embedded key: one 64-bit value, four times")
                .hasValue("it repeats a shorter value");
        assertThat(Secrets.weakness("0123456789012345")).hasValueSatisfying(why ->
                assertThat(why).contains("estimated entropy is 52 bits, below 64"));
        assertThat(Secrets.weakness("9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08")).isEmpty();
    }

    @Test
    void theEstimateIsLengthTimesTheShannonEntropyOfTheCharacters() {
        assertThat(Secrets.estimatedBits("aaaa")).isZero();
        assertThat(Secrets.estimatedBits("abcd")).isEqualTo(8.0);
        assertThat(Secrets.estimatedBits("aabb")).isEqualTo(4.0);
    }
}
