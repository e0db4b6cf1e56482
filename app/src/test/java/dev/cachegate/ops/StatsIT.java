package dev.cachegate.ops;

import dev.cachegate.testinfra.Cluster;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code /stats} across two instances whose recorded requests reach Redis in batches: an instance's own requests
 * show at once, the other's within one flush interval, and the list is in time order whichever flushed first. The
 * list keeps 100 here, so that the polling reads (each one a request of the reader's) do not push the other's out.
 */
class StatsIT {

    private static final Pattern ENTRY = Pattern.compile("\"instanceId\":\"([^\"]+)\",\"method\":\"GET\","
            + "\"path\":\"([^\"]+)\",\"status\":\\d+,\"at\":\"([^\"]+)\"");

    @Test
    void theNewestRequestsOfTheClusterInTimeOrderEachInstanceAtMostOneFlushLate() throws Exception {
        long flushMillis = 1000;
        try (Cluster cluster = Cluster.start(2, "stats", Map.of("cachegate.stats.flush-interval", flushMillis + "ms",
                "cachegate.stats.size", "100", "cachegate.stats.key", "cachegate:stats:" + UUID.randomUUID()))) {
            for (int i = 1; i <= 3; i++) {
                cluster.http(1).get("/whoami?other=" + i);
                cluster.http(0).get("/whoami?own=" + i);
            }

            List<String[]> now = entries(cluster.http(0).get("/stats"));
            assertThat(now).extracting(e -> e[0]).as("this instance's own requests at once").contains("stats-1");

            long deadline = System.nanoTime() + (flushMillis + 1000) * 1_000_000;
            List<String[]> later = now;
            while (later.stream().noneMatch(e -> e[0].equals("stats-2")) && System.nanoTime() < deadline) {
                Thread.sleep(100);
                later = entries(cluster.http(0).get("/stats"));
            }
            assertThat(later).extracting(e -> e[0]).as("the other's within one flush").contains("stats-2");
            assertThat(later).extracting(e -> e[2]).as("newest first, by when each was served")
                    .isSortedAccordingTo((x, y) -> java.time.Instant.parse(y).compareTo(java.time.Instant.parse(x)));
        }
    }

    private static List<String[]> entries(HttpResponse<String> stats) {
        List<String[]> entries = new ArrayList<>();
        Matcher matcher = ENTRY.matcher(stats.body());
        while (matcher.find()) {
            entries.add(new String[] {matcher.group(1), matcher.group(2), matcher.group(3)});
        }
        return entries;
    }
}
