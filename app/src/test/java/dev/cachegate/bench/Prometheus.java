package dev.cachegate.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One scrape of an instance's {@code /prometheus}: sample values by metric name and labels, and sums over a name
 * with label filters. Differences of two scrapes give what a run did.
 */
final class Prometheus {

    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    /** A sample: its name, its labels and its value. */
    record Sample(String name, Map<String, String> labels, double value) {
    }

    private final List<Sample> samples;

    Prometheus(List<Sample> samples) {
        this.samples = samples;
    }

    static Prometheus scrape(URI instance) throws IOException, InterruptedException {
        HttpResponse<String> response = CLIENT.send(HttpRequest.newBuilder(instance.resolve("/prometheus"))
                .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException(instance + "/prometheus answered " + response.statusCode());
        }
        return parse(response.body());
    }

    static Prometheus parse(String text) {
        List<Sample> samples = new ArrayList<>();
        for (String line : text.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            int brace = line.indexOf('{');
            int space = line.lastIndexOf(' ');
            String name;
            Map<String, String> labels = new LinkedHashMap<>();
            if (brace >= 0 && brace < space) {
                name = line.substring(0, brace);
                int close = line.lastIndexOf('}');
                for (String pair : line.substring(brace + 1, close).split(",")) {
                    int eq = pair.indexOf('=');
                    if (eq > 0) {
                        labels.put(pair.substring(0, eq).trim(), pair.substring(eq + 1).replace("\"", "").trim());
                    }
                }
            } else {
                name = line.substring(0, space);
            }
            samples.add(new Sample(name, labels, Double.parseDouble(line.substring(space + 1).trim())));
        }
        return new Prometheus(samples);
    }

    /**
     * @param name   the sample name, e.g. {@code cachegate_cache_gets_total}
     * @param labels label=value pairs the sample must have, e.g. {@code "layer", "l1", "result", "hit"}
     * @return the sum of the matching samples' values (0 when none matches)
     */
    double sum(String name, String... labels) {
        return samples.stream().filter(sample -> sample.name().equals(name) && matches(sample, labels))
                .mapToDouble(Sample::value).sum();
    }

    /** @return like {@link #sum}, but NaN when no sample matches (a gauge the instance does not export) */
    double value(String name, String... labels) {
        return samples.stream().anyMatch(sample -> sample.name().equals(name) && matches(sample, labels))
                ? sum(name, labels) : Double.NaN;
    }

    private static boolean matches(Sample sample, String[] labels) {
        for (int i = 0; i + 1 < labels.length; i += 2) {
            if (!labels[i + 1].equals(sample.labels().get(labels[i]))) {
                return false;
            }
        }
        return true;
    }
}
