package dev.cachegate.bench;

import javax.imageio.ImageIO;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * PNG charts of benchmark results, drawn with Java2D in headless mode and written with {@link ImageIO}: horizontal bars
 * of measured values against their ceilings, and grouped vertical bars. Linear scales starting at zero.
 */
public final class Charts {

    static {
        System.setProperty("java.awt.headless", "true");
    }

    static final int WIDTH = 1000;

    private static final Color BACKGROUND = Color.WHITE;
    private static final Color TEXT = new Color(0x22, 0x22, 0x22);
    private static final Color MUTED = new Color(0x66, 0x66, 0x66);
    private static final Color GRID = new Color(0xE3, 0xE3, 0xE3);
    private static final Color AXIS = new Color(0x99, 0x99, 0x99);
    private static final Color VALUE = new Color(0x1F, 0x5F, 0xA8);
    private static final Color CEILING = new Color(0xB4, 0xC8, 0xDE);
    private static final Color[] SERIES = {
            new Color(0x1F, 0x5F, 0xA8), new Color(0xE6, 0x8A, 0x00), new Color(0x2E, 0x8B, 0x57),
            new Color(0xC0, 0x39, 0x2B), new Color(0x7D, 0x4C, 0xA5), new Color(0x8C, 0x6D, 0x46),
            new Color(0xD6, 0x5D, 0xB1), new Color(0x55, 0x55, 0x55)};

    private static final Font TITLE_FONT = new Font(Font.SANS_SERIF, Font.BOLD, 20);
    private static final Font LABEL_FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 14);
    private static final Font BOLD_FONT = new Font(Font.SANS_SERIF, Font.BOLD, 14);
    private static final Font SMALL_FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 12);

    private static final String NONE = "—";

    private Charts() {
    }

    /**
     * One row of {@link #barsAgainstCeilings}: a measured value beside the ceiling it is compared with.
     *
     * @param label        what was measured, e.g. "cachegate L1 hit"
     * @param value        the measured value
     * @param ceiling      the ceiling's value in the same unit; NaN or 0 when there is none
     * @param ceilingLabel what the ceiling is, e.g. "C1 bare Micronaut"
     * @param unit         the unit of both values, e.g. "req/s"
     */
    public record Bar(String label, double value, double ceiling, String ceilingLabel, String unit) {
    }

    /**
     * A horizontal bar per row: the row's value beside its ceiling's value, on one linear scale shared by all rows,
     * with both numbers and the ratio value/ceiling printed. A row without a usable ceiling shows only its value and
     * "—" as its ratio.
     *
     * @param title the chart's title
     * @param bars  the rows, top to bottom
     * @param png   where to write the image; parent folders are created
     * @throws IOException when the file cannot be written
     */
    public static void barsAgainstCeilings(String title, List<Bar> bars, Path png) throws IOException {
        int top = 96;
        int rowHeight = 62;
        int axisHeight = 52;
        int height = top + Math.max(1, bars.size()) * rowHeight + axisHeight;
        BufferedImage image = new BufferedImage(WIDTH, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = canvas(image);

        drawTitle(g, title);
        int legendX = drawLegendEntry(g, 24, 62, VALUE, 14, "measured");
        drawLegendEntry(g, legendX + 24, 62, CEILING, 8, "its ceiling (named under the label)");
        g.setFont(SMALL_FONT);
        g.setColor(MUTED);
        drawRight(g, "ratio = measured / ceiling", WIDTH - 24, 62);
        g.setFont(BOLD_FONT);
        drawRight(g, "ratio", WIDTH - 24, top - 10);

        int plotLeft = 300;
        int ratioColumn = 80;
        int plotRight = WIDTH - ratioColumn - 140;
        double max = 0;
        for (Bar bar : bars) {
            max = Math.max(max, finite(bar.value()));
            if (hasCeiling(bar.ceiling())) {
                max = Math.max(max, bar.ceiling());
            }
        }
        double[] ticks = ticks(max);
        double scaleMax = ticks[ticks.length - 1];
        int plotBottom = top + Math.max(1, bars.size()) * rowHeight;
        String unit = bars.isEmpty() ? "" : nullToEmpty(bars.get(0).unit());
        drawVerticalGrid(g, ticks, plotLeft, plotRight, top - 6, plotBottom, unit);

        for (int i = 0; i < bars.size(); i++) {
            Bar bar = bars.get(i);
            int y = top + i * rowHeight + 10;
            g.setFont(BOLD_FONT);
            g.setColor(TEXT);
            List<String> lines = wrap(g, nullToEmpty(bar.label()), plotLeft - 36, 2);
            int baseline = y + 17 - 17 * (lines.size() - 1);
            for (String line : lines) {
                drawRight(g, line, plotLeft - 12, baseline);
                baseline += 17;
            }

            int valueWidth = scaled(finite(bar.value()), scaleMax, plotRight - plotLeft);
            g.setColor(VALUE);
            g.fillRect(plotLeft, y + 2, valueWidth, 20);
            g.setFont(LABEL_FONT);
            g.setColor(TEXT);
            String valueText = Double.isNaN(bar.value()) ? NONE : number(bar.value()) + unitSuffix(bar.unit());
            g.drawString(valueText, plotLeft + valueWidth + 8, y + 17);

            g.setFont(SMALL_FONT);
            if (hasCeiling(bar.ceiling())) {
                int ceilingWidth = scaled(bar.ceiling(), scaleMax, plotRight - plotLeft);
                g.setColor(CEILING);
                g.fillRect(plotLeft, y + 26, ceilingWidth, 10);
                g.setColor(MUTED);
                g.drawString(number(bar.ceiling()) + unitSuffix(bar.unit()), plotLeft + ceilingWidth + 8, y + 36);
                if (!nullToEmpty(bar.ceilingLabel()).isBlank()) {
                    drawRight(g, fit(g, "vs " + bar.ceilingLabel(), plotLeft - 36), plotLeft - 12, y + 36);
                }
            } else {
                g.setColor(MUTED);
                g.drawString("no ceiling", plotLeft + 8, y + 36);
            }

            g.setFont(BOLD_FONT);
            g.setColor(TEXT);
            drawRight(g, ratio(bar.value(), bar.ceiling()), WIDTH - 24, y + 24);
        }
        g.setColor(AXIS);
        g.drawLine(plotLeft, top - 6, plotLeft, plotBottom);
        g.dispose();
        write(image, png);
    }

    /**
     * Grouped vertical bars: the categories along the x axis, one bar per series in each category's group, each bar
     * labelled with its value; a NaN value leaves a gap marked "—".
     *
     * @param title      the chart's title
     * @param categories the groups, left to right
     * @param series     series name to one value per category, in legend and bar order
     * @param unit       the unit of the values, e.g. "%" or "hit ratio"
     * @param png        where to write the image; parent folders are created
     * @throws IOException              when the file cannot be written
     * @throws IllegalArgumentException when a series does not have one value per category
     */
    public static void groupedBars(String title, List<String> categories, Map<String, double[]> series, String unit,
                                   Path png) throws IOException {
        series.forEach((name, values) -> {
            if (values.length != categories.size()) {
                throw new IllegalArgumentException("series '" + name + "' has " + values.length + " values for "
                        + categories.size() + " categories");
            }
        });
        int height = 600;
        BufferedImage image = new BufferedImage(WIDTH, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = canvas(image);
        drawTitle(g, title);

        List<String> names = new ArrayList<>(series.keySet());
        int legendX = 24;
        int legendY = 62;
        for (int s = 0; s < names.size(); s++) {
            g.setFont(LABEL_FONT);
            int entryWidth = 24 + g.getFontMetrics().stringWidth(names.get(s));
            if (legendX + entryWidth > WIDTH - 24) {
                legendX = 24;
                legendY += 22;
            }
            legendX = drawLegendEntry(g, legendX, legendY, SERIES[s % SERIES.length], 14, names.get(s)) + 24;
        }

        int plotLeft = 90;
        int plotRight = WIDTH - 30;
        int plotTop = legendY + 40;
        int plotBottom = height - 60;
        double max = 0;
        for (double[] values : series.values()) {
            for (double v : values) {
                max = Math.max(max, finite(v));
            }
        }
        double[] ticks = ticks(max);
        double scaleMax = ticks[ticks.length - 1];

        g.setFont(SMALL_FONT);
        for (double tick : ticks) {
            int y = plotBottom - scaled(tick, scaleMax, plotBottom - plotTop);
            g.setColor(GRID);
            g.drawLine(plotLeft, y, plotRight, y);
            g.setColor(MUTED);
            drawRight(g, tickLabel(tick, ticks[1]), plotLeft - 8, y + 4);
        }
        Graphics2D rotated = (Graphics2D) g.create();
        rotated.rotate(-Math.PI / 2);
        rotated.setFont(LABEL_FONT);
        rotated.setColor(MUTED);
        String unitText = nullToEmpty(unit);
        int unitWidth = rotated.getFontMetrics().stringWidth(unitText);
        rotated.drawString(unitText, -(plotTop + plotBottom + unitWidth) / 2, 24);
        rotated.dispose();

        int groups = Math.max(1, categories.size());
        double groupWidth = (plotRight - plotLeft) / (double) groups;
        double barWidth = Math.min(64, groupWidth * 0.8 / Math.max(1, names.size()));
        for (int c = 0; c < categories.size(); c++) {
            double groupLeft = plotLeft + c * groupWidth + (groupWidth - barWidth * names.size()) / 2;
            for (int s = 0; s < names.size(); s++) {
                double v = series.get(names.get(s))[c];
                int x = (int) Math.round(groupLeft + s * barWidth);
                int w = Math.max(1, (int) Math.round(barWidth) - 3);
                g.setFont(SMALL_FONT);
                if (Double.isNaN(v)) {
                    g.setColor(MUTED);
                    drawCentered(g, NONE, x + w / 2, plotBottom - 6);
                    continue;
                }
                int h = scaled(finite(v), scaleMax, plotBottom - plotTop);
                g.setColor(SERIES[s % SERIES.length]);
                g.fillRect(x, plotBottom - h, w, h);
                g.setColor(TEXT);
                drawCentered(g, fit(g, number(v), (int) Math.max(barWidth + 6, 30)), x + w / 2, plotBottom - h - 5);
            }
            g.setFont(LABEL_FONT);
            g.setColor(TEXT);
            drawCentered(g, fit(g, categories.get(c), (int) groupWidth - 8),
                    (int) Math.round(plotLeft + (c + 0.5) * groupWidth), plotBottom + 22);
        }
        g.setColor(AXIS);
        g.setStroke(new BasicStroke(1f));
        g.drawLine(plotLeft, plotBottom, plotRight, plotBottom);
        g.drawLine(plotLeft, plotTop, plotLeft, plotBottom);
        g.dispose();
        write(image, png);
    }

    /** The ratio value/ceiling with two decimals and a "×", or "—" when there is no usable ceiling or value. */
    static String ratio(double value, double ceiling) {
        return Stats.times(Stats.ratio(value, ceiling));
    }

    /** A value as printed on a chart: thousands grouped, decimals only where the magnitude needs them. */
    static String number(double v) {
        if (!Double.isFinite(v)) {
            return NONE;
        }
        double magnitude = Math.abs(v);
        if (magnitude >= 100 || v == Math.rint(v) && magnitude >= 10) {
            return String.format(Locale.ROOT, "%,.0f", v);
        }
        if (magnitude >= 10) {
            return String.format(Locale.ROOT, "%.1f", v);
        }
        if (v == Math.rint(v)) {
            return String.format(Locale.ROOT, "%.0f", v);
        }
        return String.format(Locale.ROOT, "%.2f", v);
    }

    /** Axis ticks from 0 to a round number at or above {@code max}, in steps of 1, 2 or 5 times a power of ten. */
    static double[] ticks(double max) {
        if (!(max > 0) || !Double.isFinite(max)) {
            return new double[] {0, 1};
        }
        double rough = max / 6;
        double power = Math.pow(10, Math.floor(Math.log10(rough)));
        double step = power * (rough <= power ? 1 : rough <= 2 * power ? 2 : rough <= 5 * power ? 5 : 10);
        int count = (int) Math.ceil(max / step - 1e-9);
        double[] ticks = new double[count + 1];
        for (int i = 0; i <= count; i++) {
            ticks[i] = i * step;
        }
        return ticks;
    }

    /** A tick as printed on an axis: as many decimals as the step between ticks needs, thousands grouped. */
    static String tickLabel(double tick, double step) {
        int decimals = Math.max(0, (int) -Math.floor(Math.log10(step) + 1e-9));
        return String.format(Locale.ROOT, "%,." + decimals + "f", tick);
    }

    private static boolean hasCeiling(double ceiling) {
        return Double.isFinite(ceiling) && ceiling != 0;
    }

    private static double finite(double v) {
        return Double.isFinite(v) && v > 0 ? v : 0;
    }

    private static int scaled(double v, double scaleMax, int pixels) {
        return (int) Math.round(Math.min(v, scaleMax) / scaleMax * pixels);
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }

    private static String unitSuffix(String unit) {
        return unit == null || unit.isBlank() ? "" : " " + unit;
    }

    private static Graphics2D canvas(BufferedImage image) {
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_FRACTIONALMETRICS, RenderingHints.VALUE_FRACTIONALMETRICS_ON);
        g.setColor(BACKGROUND);
        g.fillRect(0, 0, image.getWidth(), image.getHeight());
        return g;
    }

    private static void drawTitle(Graphics2D g, String title) {
        g.setFont(TITLE_FONT);
        g.setColor(TEXT);
        g.drawString(fit(g, nullToEmpty(title), WIDTH - 48), 24, 34);
    }

    private static int drawLegendEntry(Graphics2D g, int x, int y, Color color, int swatchHeight, String text) {
        g.setColor(color);
        g.fillRect(x, y - 7 - swatchHeight / 2, 16, swatchHeight);
        g.setFont(LABEL_FONT);
        g.setColor(TEXT);
        g.drawString(text, x + 22, y);
        return x + 22 + g.getFontMetrics().stringWidth(text);
    }

    private static void drawVerticalGrid(Graphics2D g, double[] ticks, int left, int right, int top, int bottom,
                                         String unit) {
        g.setFont(SMALL_FONT);
        for (double tick : ticks) {
            int x = left + scaled(tick, ticks[ticks.length - 1], right - left);
            g.setColor(GRID);
            g.drawLine(x, top, x, bottom);
            g.setColor(MUTED);
            drawCentered(g, tickLabel(tick, ticks[1]), x, bottom + 18);
        }
        g.setColor(AXIS);
        g.drawLine(left, bottom, right, bottom);
        if (!unit.isBlank()) {
            g.setColor(MUTED);
            drawCentered(g, unit, (left + right) / 2, bottom + 36);
        }
    }

    private static void drawRight(Graphics2D g, String text, int right, int baseline) {
        g.drawString(text, right - g.getFontMetrics().stringWidth(text), baseline);
    }

    private static void drawCentered(Graphics2D g, String text, int center, int baseline) {
        g.drawString(text, center - g.getFontMetrics().stringWidth(text) / 2, baseline);
    }

    private static List<String> wrap(Graphics2D g, String text, int maxWidth, int maxLines) {
        FontMetrics metrics = g.getFontMetrics();
        List<String> lines = new ArrayList<>();
        String line = "";
        for (String word : text.split(" ")) {
            String candidate = line.isEmpty() ? word : line + " " + word;
            if (metrics.stringWidth(candidate) <= maxWidth || line.isEmpty()) {
                line = candidate;
            } else {
                lines.add(line);
                line = word;
            }
        }
        lines.add(line);
        if (lines.size() > maxLines) {
            String last = String.join(" ", lines.subList(maxLines - 1, lines.size()));
            lines = new ArrayList<>(lines.subList(0, maxLines - 1));
            lines.add(last);
        }
        lines.replaceAll(l -> fit(g, l, maxWidth));
        return lines;
    }

    private static String fit(Graphics2D g, String text, int maxWidth) {
        FontMetrics metrics = g.getFontMetrics();
        if (metrics.stringWidth(text) <= maxWidth) {
            return text;
        }
        String shortened = text;
        while (!shortened.isEmpty() && metrics.stringWidth(shortened + "…") > maxWidth) {
            shortened = shortened.substring(0, shortened.length() - 1);
        }
        return shortened + "…";
    }

    private static void write(BufferedImage image, Path png) throws IOException {
        Path parent = png.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        if (!ImageIO.write(image, "png", png.toFile())) {
            throw new IOException("no PNG writer available for " + png);
        }
    }
}
