package dev.cachegate.catalogdata;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class LoadReportTest {

    @Test
    void rowsPerSecondDividesRowsByElapsedTime() {
        assertThat(new LoadReport(5_000_000, Duration.ofMillis(41_300)).rowsPerSecond())
                .isCloseTo(121_065.4, within(0.1));
    }

    @Test
    void emptyLoadHasZeroRate() {
        assertThat(new LoadReport(0, Duration.ofMillis(3)).rowsPerSecond()).isZero();
        assertThat(new LoadReport(0, Duration.ZERO).rowsPerSecond()).isZero();
    }

    @Test
    void negativeValuesAreRejectedWithTheValueEchoed() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new LoadReport(-1, Duration.ZERO))
                .withMessage("rows must not be negative but was -1");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new LoadReport(1, Duration.ofSeconds(-2)))
                .withMessage("elapsed must not be negative but was PT-2S");
    }

    @Test
    void summaryLineReadsLikeTheCliOutput() {
        assertThat(CatalogDataCli.summary(new LoadReport(5_000_000, Duration.ofMillis(41_300))))
                .isEqualTo("loaded 5,000,000 products in 41.3 s (121,065 rows/s)");
    }
}
