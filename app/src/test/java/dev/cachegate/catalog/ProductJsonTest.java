package dev.cachegate.catalog;

import dev.cachegate.cache.CacheSettingsBuilder;
import io.micronaut.json.JsonMapper;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class ProductJsonTest {

    private final JsonMapper mapper = JsonMapper.createDefault();
    private final ProductJson json = new ProductJson(mapper,
            CacheSettingsBuilder.defaults().l1(true, 10, Duration.ofSeconds(10)).build());

    private static Product product(long priceCents, long version) {
        return new Product(7, "SKU-7", "Lamp", "A lamp", priceCents, "EUR", version,
                Instant.parse("2026-11-01T00:00:00Z").plusSeconds(version));
    }

    @Test
    void encodesOncePerProductAndNeverServesAnotherVersionsBytes() throws Exception {
        byte[] first = json.of(product(999, 1));

        assertThat(json.of(product(999, 1))).as("an equal product: the kept bytes").isSameAs(first);
        assertThat(first).isEqualTo(mapper.writeValueAsBytes(product(999, 1)));
        assertThat(new String(json.of(product(1299, 2)), StandardCharsets.UTF_8))
                .contains("\"priceCents\":1299").contains("\"version\":2");
    }
}
