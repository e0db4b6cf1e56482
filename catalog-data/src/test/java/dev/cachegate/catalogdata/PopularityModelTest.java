package dev.cachegate.catalogdata;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class PopularityModelTest {

    private static final int DRAWS = 200_000;

    @Test
    void standardModelSendsNinetyNinePercentOfRequestsToTheTopFiftyThousand() {
        PopularityModel model = PopularityModel.standard(5_000_000);
        SplittableRandom random = new SplittableRandom(42);
        long hot = 0;
        for (int i = 0; i < DRAWS; i++) {
            long id = model.nextId(random);
            assertThat(id).isBetween(1L, 5_000_000L);
            if (id <= 50_000) {
                hot++;
            }
        }
        assertThat(hot / (double) DRAWS).isCloseTo(0.99, within(0.005));
    }

    @Test
    void coldRequestsSpreadOverTheRestOfTheCatalog() {
        PopularityModel model = new PopularityModel(1_000, 100, 0.5);
        SplittableRandom random = new SplittableRandom(7);
        long min = Long.MAX_VALUE;
        long max = Long.MIN_VALUE;
        long hot = 0;
        for (int i = 0; i < DRAWS; i++) {
            long id = model.nextId(random);
            assertThat(id).isBetween(1L, 1_000L);
            if (model.isHot(id)) {
                hot++;
            } else {
                min = Math.min(min, id);
                max = Math.max(max, id);
            }
        }
        assertThat(hot / (double) DRAWS).isCloseTo(0.5, within(0.005));
        assertThat(min).isEqualTo(101);
        assertThat(max).isEqualTo(1_000);
    }

    @Test
    void sameSeedReplaysTheSameIds() {
        PopularityModel model = PopularityModel.standard(5_000_000);
        SplittableRandom a = new SplittableRandom(99);
        SplittableRandom b = new SplittableRandom(99);
        for (int i = 0; i < 1_000; i++) {
            assertThat(model.nextId(a)).isEqualTo(model.nextId(b));
        }
    }

    @Test
    void hotSetCoveringTheCatalogMakesAllTrafficHot() {
        PopularityModel model = new PopularityModel(10, 10, 0.5);
        assertThat(model.hotShare()).isEqualTo(1.0);
        SplittableRandom random = new SplittableRandom(1);
        for (int i = 0; i < 10_000; i++) {
            assertThat(model.nextId(random)).isBetween(1L, 10L);
        }
        assertThat(model).hasToString("100% of requests go uniformly to all 10 products (ids 1..10)");
    }

    @Test
    void smallCatalogStandardModelIsAllHot() {
        PopularityModel model = PopularityModel.standard(100_000 - 60_000);
        assertThat(model.hotSetSize()).isEqualTo(40_000);
        assertThat(model.catalogSize()).isEqualTo(40_000);
        assertThat(model.hotShare()).isEqualTo(1.0);
    }

    @Test
    void standardModelHasDocumentedParameters() {
        PopularityModel model = PopularityModel.standard(5_000_000);
        assertThat(model.catalogSize()).isEqualTo(5_000_000);
        assertThat(model.hotSetSize()).isEqualTo(50_000);
        assertThat(model.hotShare()).isEqualTo(0.99);
        assertThat(model).isEqualTo(new PopularityModel(5_000_000, 50_000, 0.99))
                .hasSameHashCodeAs(new PopularityModel(5_000_000, 50_000, 0.99));
        assertThat(model.isHot(1)).isTrue();
        assertThat(model.isHot(50_000)).isTrue();
        assertThat(model.isHot(50_001)).isFalse();
        assertThat(model.isHot(0)).isFalse();
    }

    @Test
    void toStringStatesTheModelInOneLine() {
        assertThat(PopularityModel.standard(5_000_000)).hasToString(
                "99% of requests go to the top 50,000 products (ids 1..50,000, uniform within that hot set); "
                        + "1% go uniformly to the rest of the catalog (50,001..5,000,000)");
        assertThat(new PopularityModel(1_000, 10, 0.875)).hasToString(
                "87.5% of requests go to the top 10 products (ids 1..10, uniform within that hot set); "
                        + "12.5% go uniformly to the rest of the catalog (11..1,000)");
        assertThat(new PopularityModel(1_000, 10, 1.0)).hasToString(
                "100% of requests go to the top 10 products (ids 1..10, uniform within that hot set); "
                        + "the rest of the catalog (11..1,000) gets none");
    }

    @Test
    void hotShareOutsideZeroToOneIsRejectedWithTheValueEchoed() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new PopularityModel(100, 10, 1.5))
                .withMessage("hot share must be in (0, 1] but was 1.5");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new PopularityModel(100, 10, 0))
                .withMessage("hot share must be in (0, 1] but was 0.0");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new PopularityModel(100, 10, -0.2))
                .withMessage("hot share must be in (0, 1] but was -0.2");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new PopularityModel(100, 10, Double.NaN))
                .withMessage("hot share must be in (0, 1] but was NaN");
    }

    @Test
    void sizesAreValidatedWithTheValueEchoed() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new PopularityModel(0, 1, 0.5))
                .withMessage("catalog size must be positive but was 0");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new PopularityModel(100, 0, 0.5))
                .withMessage("hot set size must be positive but was 0");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new PopularityModel(100, 101, 0.5))
                .withMessage("hot set size must not exceed the catalog size (100) but was 101");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> PopularityModel.standard(-3))
                .withMessage("catalog size must be positive but was -3");
    }
}
