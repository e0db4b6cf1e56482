package dev.cachegate.bench;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ChartsTest {

    @TempDir
    Path dir;

    @Test
    void barsAgainstCeilingsWritesAReadablePng() throws IOException {
        Path png = dir.resolve("nested/ceilings.png");
        Charts.barsAgainstCeilings("GET /products/{id}", List.of(
                new Charts.Bar("cachegate L1 hit", 23_000, 71_000, "C1 bare Micronaut", "req/s"),
                new Charts.Bar("through nginx-cdn", 64_000, 91_000, "C2 nginx proxy_cache hit", "req/s"),
                new Charts.Bar("no ceiling", 5_000, Double.NaN, null, "req/s"),
                new Charts.Bar("zero ceiling", 1_000, 0, "none", "req/s"),
                new Charts.Bar("failed run", Double.NaN, 71_000, "C1 bare Micronaut", "req/s")), png);

        BufferedImage image = ImageIO.read(png.toFile());
        assertThat(image.getWidth()).isEqualTo(Charts.WIDTH);
        assertThat(image.getHeight()).isGreaterThan(200);
        assertThat(distinctColours(image)).isGreaterThan(2);
    }

    @Test
    void groupedBarsWritesAReadablePng() throws IOException {
        Path png = dir.resolve("grouped.png");
        Map<String, double[]> series = new LinkedHashMap<>();
        series.put("cache-aside", new double[] {0.91, 0.62, 0.97});
        series.put("write-through", new double[] {0.93, Double.NaN, 0.98});
        Charts.groupedBars("Hit ratio by strategy", List.of("zipf 1.0", "uniform", "hot 1%"), series, "hit ratio", png);

        BufferedImage image = ImageIO.read(png.toFile());
        assertThat(image.getWidth()).isEqualTo(Charts.WIDTH);
        assertThat(distinctColours(image)).isGreaterThan(2);
    }

    @Test
    void groupedBarsRejectsASeriesOfTheWrongLength() {
        assertThatThrownBy(() -> Charts.groupedBars("t", List.of("a", "b"), Map.of("s", new double[] {1}), "",
                dir.resolve("x.png"))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void ratioHasTwoDecimalsAndADashWithoutACeiling() {
        assertThat(Charts.ratio(1, 3)).isEqualTo("0.33×");
        assertThat(Charts.ratio(71_000, 71_000)).isEqualTo("1.00×");
        assertThat(Charts.ratio(5, Double.NaN)).isEqualTo("—");
        assertThat(Charts.ratio(5, 0)).isEqualTo("—");
        assertThat(Charts.ratio(Double.NaN, 3)).isEqualTo("—");
    }

    @Test
    void ticksEndAtARoundNumberAtOrAboveTheMaximum() {
        assertThat(Charts.ticks(91_000)).containsExactly(0, 20_000, 40_000, 60_000, 80_000, 100_000);
        assertThat(Charts.ticks(116_100)).containsExactly(0, 20_000, 40_000, 60_000, 80_000, 100_000, 120_000);
        assertThat(Charts.ticks(0)).containsExactly(0, 1);
        assertThat(Charts.tickLabel(1, 0.2)).isEqualTo("1.0");
        assertThat(Charts.tickLabel(40_000, 20_000)).isEqualTo("40,000");
        assertThat(Charts.number(71_234.4)).isEqualTo("71,234");
        assertThat(Charts.number(0.934)).isEqualTo("0.93");
    }

    private static long distinctColours(BufferedImage image) {
        return IntStream.range(0, image.getWidth() * image.getHeight())
                .map(i -> image.getRGB(i % image.getWidth(), i / image.getWidth()))
                .distinct().limit(10).count();
    }
}
