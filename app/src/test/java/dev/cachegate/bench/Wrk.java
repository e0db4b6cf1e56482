package dev.cachegate.bench;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Closed-loop maximum throughput with Debian's {@code wrk}: as many requests as the connections can carry. */
final class Wrk {

    private static final Pattern RATE = Pattern.compile("Requests/sec:\\s+([0-9.]+)");
    private static final Pattern PERCENTILE = Pattern.compile("^\\s+(50|75|90|99)(?:\\.000)?%\\s+([0-9.]+)(us|ms|s)\\s*$",
            Pattern.MULTILINE);
    private static final Pattern NON_2XX = Pattern.compile("Non-2xx or 3xx responses:\\s+([0-9]+)");
    private static final Pattern ERRORS = Pattern.compile("Socket errors: connect ([0-9]+), read ([0-9]+), write "
            + "([0-9]+), timeout ([0-9]+)");
    private static final Pattern REQUESTS = Pattern.compile("([0-9]+) requests in");

    private Wrk() {
    }

    /**
     * @param requestsPerSec throughput
     * @param p50Millis      wrk's (closed-loop) median latency
     * @param p99Millis      wrk's (closed-loop) 99th percentile
     * @param requests       requests completed
     * @param errors         non-2xx/3xx answers plus socket errors
     */
    record Result(double requestsPerSec, double p50Millis, double p99Millis, long requests, long errors) {
    }

    static Result run(URI url, int threads, int connections, Duration duration, Path script)
            throws IOException, InterruptedException {
        if (!"127.0.0.1".equals(url.getHost())) {
            throw new IllegalArgumentException("load goes only to 127.0.0.1, not " + url);
        }
        List<String> command = new ArrayList<>(List.of("wrk", "-t" + threads, "-c" + connections,
                "-d" + duration.toSeconds() + "s", "--latency"));
        if (script != null) {
            command.addAll(List.of("-s", script.toString()));
        }
        command.add(url.toString());
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (process.waitFor() != 0) {
            throw new IOException("wrk failed: " + output);
        }
        return parse(output);
    }

    static Result parse(String output) {
        Matcher rate = RATE.matcher(output);
        if (!rate.find()) {
            throw new IllegalArgumentException("no Requests/sec in wrk output: " + output);
        }
        double p50 = Double.NaN;
        double p99 = Double.NaN;
        Matcher percentile = PERCENTILE.matcher(output);
        while (percentile.find()) {
            double millis = millis(Double.parseDouble(percentile.group(2)), percentile.group(3));
            switch (percentile.group(1)) {
                case "50" -> p50 = millis;
                case "99" -> p99 = millis;
                default -> { }
            }
        }
        long errors = 0;
        Matcher non2xx = NON_2XX.matcher(output);
        if (non2xx.find()) {
            errors += Long.parseLong(non2xx.group(1));
        }
        Matcher socket = ERRORS.matcher(output);
        if (socket.find()) {
            for (int group = 1; group <= 4; group++) {
                errors += Long.parseLong(socket.group(group));
            }
        }
        Matcher requests = REQUESTS.matcher(output);
        long count = requests.find() ? Long.parseLong(requests.group(1)) : 0;
        return new Result(Double.parseDouble(rate.group(1)), p50, p99, count, errors);
    }

    private static double millis(double value, String unit) {
        return switch (unit.toLowerCase(Locale.ROOT)) {
            case "us" -> value / 1000;
            case "ms" -> value;
            default -> value * 1000;
        };
    }

    /** Writes a wrk Lua script to a temporary file. */
    static Path script(String lua) throws IOException {
        Path file = Files.createTempFile("cachegate-wrk-", ".lua");
        file.toFile().deleteOnExit();
        return Files.writeString(file, lua);
    }
}
