package dev.cachegate.catalogdata;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class CatalogGeneratorTest {

    /** Changes only when the generator's output changes, which would make existing databases stale. */
    private static final String PINNED_SHA256_OF_FIRST_10_000_ROWS =
            "6462941e46cbddf3163dc4d351c6737d6052c155eeb44b3b9a0bab13f2065114";

    private final CatalogGenerator generator = new CatalogGenerator();

    @Test
    void sameIdYieldsSameProductAcrossInstancesAndGenerationOrders() {
        CatalogGenerator other = new CatalogGenerator(CatalogGenerator.DEFAULT_SEED);
        List<GeneratedProduct> ascending = new ArrayList<>();
        for (long id = 1; id <= 1_000; id++) {
            ascending.add(generator.product(id));
        }
        for (long id = 1_000; id >= 1; id--) {
            assertThat(other.product(id)).isEqualTo(ascending.get((int) id - 1));
        }
        assertThat(new CatalogGenerator().product(777)).isEqualTo(ascending.get(776));
    }

    @Test
    void productDoesNotDependOnPreviouslyGeneratedIds() {
        GeneratedProduct fresh = new CatalogGenerator().product(4_999_999);
        CatalogGenerator warmed = new CatalogGenerator();
        LongStream.rangeClosed(1, 10_000).forEach(warmed::product);
        assertThat(warmed.product(4_999_999)).isEqualTo(fresh);
    }

    @Test
    void generatedCatalogIsPinnedSoReloadsStayByteIdentical() throws Exception {
        assertThat(generator.product(1)).isEqualTo(new GeneratedProduct(1, "SKU-00000001", "Durable Felt Clock",
                "A durable clock crafted from felt, built for long workdays. Backed by a two-year warranty.", 999, "USD"));
        MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
        CatalogLoader.stream(generator, 10_000, sha256::update);
        assertThat(HexFormat.of().formatHex(sha256.digest())).isEqualTo(PINNED_SHA256_OF_FIRST_10_000_ROWS);
    }

    @Test
    void differentSeedsGiveDifferentCatalogs() {
        CatalogGenerator a = new CatalogGenerator(1);
        CatalogGenerator b = new CatalogGenerator(2);
        long differing = LongStream.rangeClosed(1, 1_000)
                .filter(id -> !a.product(id).equals(b.product(id)))
                .count();
        assertThat(differing).isGreaterThan(990);
        assertThat(a.product(5).sku()).isEqualTo(b.product(5).sku());
    }

    @Test
    void defaultConstructorUsesDefaultSeed() {
        assertThat(new CatalogGenerator().seed()).isEqualTo(CatalogGenerator.DEFAULT_SEED).isEqualTo(20261122L);
    }

    @Test
    void skuIsIdZeroPaddedToEightDigitsAndGrowsBeyondThat() {
        assertThat(generator.product(1).sku()).isEqualTo("SKU-00000001");
        assertThat(generator.product(5_000_000).sku()).isEqualTo("SKU-05000000");
        assertThat(generator.product(99_999_999).sku()).isEqualTo("SKU-99999999");
        assertThat(generator.product(100_000_000).sku()).isEqualTo("SKU-100000000");
        for (long id : new long[] {1, 9, 10, 12_345, 99_999_999, 100_000_000, 1L << 40, Long.MAX_VALUE}) {
            assertThat(CatalogGenerator.sku(id)).isEqualTo(String.format("SKU-%08d", id));
        }
    }

    @Test
    void fieldsHaveTheDocumentedShapes() {
        int endingIn99 = 0;
        int n = 100_000;
        Set<String> names = new HashSet<>();
        for (long id = 1; id <= n; id++) {
            GeneratedProduct p = generator.product(id);
            assertThat(p.id()).isEqualTo(id);
            assertThat(p.sku()).matches("SKU-\\d{8,}");
            assertThat(p.name()).matches("[A-Z][A-Za-z-]+ [A-Z][A-Za-z ]+ [A-Z][A-Za-z ]+");
            assertThat(p.description())
                    .isNotBlank()
                    .hasSizeLessThanOrEqualTo(CatalogGenerator.MAX_DESCRIPTION_LENGTH)
                    .endsWith(".")
                    .doesNotContain("\t", "\n", "\r", "\\")
                    .matches("\\p{ASCII}+");
            assertThat(p.priceCents()).isBetween(99L, 99_999L);
            assertThat(p.currency()).isEqualTo("USD");
            if (p.priceCents() % 100 == 99) {
                endingIn99++;
            }
            names.add(p.name());
        }
        assertThat(endingIn99 / (double) n).isBetween(0.85, 0.95);
        assertThat(names).hasSizeGreaterThan(10_000);
    }

    @Test
    void pricesSpanCheapToExpensive() {
        long cheap = LongStream.rangeClosed(1, 20_000).filter(id -> generator.product(id).priceCents() < 1_000).count();
        long expensive = LongStream.rangeClosed(1, 20_000).filter(id -> generator.product(id).priceCents() >= 20_000).count();
        assertThat(cheap).isPositive();
        assertThat(expensive).isPositive();
    }

    @Test
    void descriptionMentionsTheProductsNounAndMaterial() {
        GeneratedProduct p = generator.product(42);
        String[] words = p.name().toLowerCase(Locale.ROOT).split(" ");
        assertThat(p.description().toLowerCase(Locale.ROOT)).contains(words[words.length - 1]);
    }

    @Test
    void zeroIdIsRejectedWithTheValueEchoed() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> generator.product(0))
                .withMessage("product id must be positive but was 0");
    }

    @Test
    void negativeIdIsRejectedWithTheValueEchoed() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> generator.product(-17))
                .withMessage("product id must be positive but was -17");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> generator.product(Long.MIN_VALUE))
                .withMessage("product id must be positive but was " + Long.MIN_VALUE);
    }
}
