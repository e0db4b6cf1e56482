package dev.cachegate.catalogdata;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CopyTextTest {

    @Test
    void plainTextIsWrittenUnchanged() {
        assertThat(CopyText.escape("Rugged Bamboo Kettle, 100% oak.")).isEqualTo("Rugged Bamboo Kettle, 100% oak.");
        assertThat(CopyText.escape("")).isEmpty();
    }

    @Test
    void tabNewlineCarriageReturnAndBackslashAreEscaped() {
        assertThat(CopyText.escape("a\tb")).isEqualTo("a\\tb");
        assertThat(CopyText.escape("a\nb")).isEqualTo("a\\nb");
        assertThat(CopyText.escape("a\rb")).isEqualTo("a\\rb");
        assertThat(CopyText.escape("C:\\temp")).isEqualTo("C:\\\\temp");
        assertThat(CopyText.escape("\\N")).isEqualTo("\\\\N");
        assertThat(CopyText.escape("\\\t\n")).isEqualTo("\\\\\\t\\n");
    }

    @Test
    void nonAsciiTextPassesThrough() {
        assertThat(CopyText.escape("Crème brûlée ☕")).isEqualTo("Crème brûlée ☕");
    }

    @Test
    void rowHasEightTabSeparatedColumnsInCopyColumnOrder() {
        GeneratedProduct product = new GeneratedProduct(7, "SKU-00000007", "Sleek\tOak Lamp",
                "Line one.\nLine two \\ done.", 1_999, "USD");
        String row = CopyText.appendRow(new StringBuilder(), product, 1, "2026-11-01 00:00:00+00").toString();
        assertThat(row).isEqualTo("7\tSKU-00000007\tSleek\\tOak Lamp\tLine one.\\nLine two \\\\ done.\t1999\tUSD\t1\t"
                + "2026-11-01 00:00:00+00\n");
        assertThat(row.substring(0, row.length() - 1).split("\t", -1)).hasSize(8);
        assertThat(CopyText.COLUMNS.split(", ")).containsExactly(
                "id", "sku", "name", "description", "price_cents", "currency", "version", "updated_at");
    }

    @Test
    void loaderStreamsWholeRowsInBoundedChunks() throws SQLException {
        CatalogGenerator generator = new CatalogGenerator();
        int count = 3_000;
        List<Integer> chunkSizes = new ArrayList<>();
        ByteArrayOutputStream streamed = new ByteArrayOutputStream();
        CatalogLoader.stream(generator, count, (bytes, offset, length) -> {
            chunkSizes.add(length);
            String chunk = new String(bytes, offset, length, StandardCharsets.UTF_8);
            assertThat(chunk).endsWith("\n");
            streamed.write(bytes, offset, length);
        });

        StringBuilder expected = new StringBuilder();
        for (long id = 1; id <= count; id++) {
            CopyText.appendRow(expected, generator.product(id), 1, "2026-11-01 00:00:00+00");
        }
        assertThat(streamed.toString(StandardCharsets.UTF_8)).isEqualTo(expected.toString());
        assertThat(chunkSizes).hasSizeGreaterThan(1);
        assertThat(chunkSizes).allSatisfy(size -> assertThat(size).isLessThan(CatalogLoader.CHUNK_CHARS + 1_024));
    }

    @Test
    void streamingNothingWritesNothing() throws SQLException {
        List<Integer> chunkSizes = new ArrayList<>();
        CatalogLoader.stream(new CatalogGenerator(), 0, (bytes, offset, length) -> chunkSizes.add(length));
        assertThat(chunkSizes).isEmpty();
    }
}
