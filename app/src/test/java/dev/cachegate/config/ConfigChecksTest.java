package dev.cachegate.config;

import dev.cachegate.config.ConfigChecks.Between;
import dev.cachegate.config.ConfigChecks.NotNegative;
import dev.cachegate.config.ConfigChecks.Positive;
import dev.cachegate.config.ConfigChecks.ShorterThan;
import dev.cachegate.config.ConfigChecks.WholeSeconds;
import io.micronaut.context.annotation.ConfigurationProperties;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The annotated rules name the full key (prefix and kebab-case component) and echo the value. */
class ConfigChecksTest {

    private static final Duration SECOND = Duration.ofSeconds(1);

    @ConfigurationProperties("test.sample")
    record Sample(@Positive @ShorterThan("readTimeout") Duration connectTimeout,
                  @WholeSeconds Duration readTimeout,
                  @NotNegative Duration maxWait,
                  @Positive long batchSize,
                  @NotNegative int seedCount,
                  @Between(min = 0, max = 1) double errorRate,
                  String unchecked) {
        Sample {
            ConfigChecks.check(Sample.class, connectTimeout, readTimeout, maxWait, batchSize, seedCount, errorRate,
                    unchecked);
        }
    }

    @Test
    void eachRuleNamesTheFullKeyAndEchoesTheValue() {
        assertThatCode(() -> new Sample(SECOND, Duration.ofSeconds(2), Duration.ZERO, 1, 0, 0.5, null))
                .doesNotThrowAnyException();
        assertThatThrownBy(() -> new Sample(Duration.ZERO, SECOND, Duration.ZERO, 1, 0, 0, ""))
                .hasMessage("test.sample.connect-timeout must be a positive duration but was PT0S");
        assertThatThrownBy(() -> new Sample(SECOND, Duration.ofMillis(1500), Duration.ZERO, 1, 0, 0, ""))
                .hasMessage("test.sample.read-timeout must be a whole number of seconds, at least 1s, but was PT1.5S");
        assertThatThrownBy(() -> new Sample(SECOND, SECOND, Duration.ofMillis(-1), 1, 0, 0, ""))
                .hasMessage("test.sample.max-wait must not be negative but was PT-0.001S");
        assertThatThrownBy(() -> new Sample(SECOND, Duration.ofSeconds(2), Duration.ZERO, 0, 0, 0, ""))
                .hasMessage("test.sample.batch-size must be positive but was 0");
        assertThatThrownBy(() -> new Sample(SECOND, Duration.ofSeconds(2), Duration.ZERO, 1, -1, 0, ""))
                .hasMessage("test.sample.seed-count must not be negative but was -1");
        assertThatThrownBy(() -> new Sample(SECOND, Duration.ofSeconds(2), Duration.ZERO, 1, 0, 1.5, ""))
                .hasMessage("test.sample.error-rate must be between 0 and 1 but was 1.5");
    }

    @Test
    void shorterThanIsCheckedAfterEverySingleValueRule() {
        assertThatThrownBy(() -> new Sample(SECOND, SECOND, Duration.ZERO, 1, 0, 0, ""))
                .hasMessage("test.sample.connect-timeout must be shorter than test.sample.read-timeout (PT1S) but was "
                        + "PT1S");
        assertThatThrownBy(() -> new Sample(SECOND, null, Duration.ZERO, 1, 0, 0, ""))
                .hasMessage("test.sample.read-timeout must be a whole number of seconds, at least 1s, but was null");
    }

    @ConfigurationProperties("test.outer")
    record Outer(Inner inner) {

        @ConfigurationProperties("inner")
        record Inner(@Positive int maximumSize) {
            Inner {
                ConfigChecks.check(Inner.class, maximumSize);
            }
        }
    }

    @Test
    void aNestedRecordsKeyFollowsItsEnclosingRecordsPrefix() {
        assertThatThrownBy(() -> new Outer.Inner(0))
                .hasMessage("test.outer.inner.maximum-size must be positive but was 0");
    }

    @Test
    void aCallThatMissesAComponentIsRefused() {
        assertThatThrownBy(() -> ConfigChecks.check(Sample.class, SECOND))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("has 7 components but 1 values");
    }
}
