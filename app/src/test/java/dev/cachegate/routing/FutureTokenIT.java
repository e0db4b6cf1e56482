package dev.cachegate.routing;

import dev.cachegate.testinfra.Cluster;
import dev.cachegate.testinfra.UsesSharedServers;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A consistency token that no write issued (beyond the primary's WAL position) is not waited for: the read goes to
 * the primary at once, instead of polling the replica for {@code max-wait}.
 */
class FutureTokenIT {

    @Test
    void aTokenAheadOfThePrimaryGoesToThePrimaryWithoutWaitingForTheReplica() {
        try (Cluster cluster = Cluster.start(1, "future-token", Map.of("cachegate.routing.max-wait", "2s"))) {
            for (int i = 0; i < 3; i++) {
                HttpResponse<String> read = cluster.http(0).get("/payments/pay_000000000000000000000000",
                        "Authorization", "Bearer " + UsesSharedServers.API_KEY_A,
                        "X-Consistency-Token", "FFFFFFFF/FFFFFFFF");
                assertThat(read.statusCode()).isEqualTo(404);
            }

            assertThat(cluster.counter("cachegate.db.reads", "target", "primary", "reason", "token-ahead-of-primary"))
                    .isEqualTo(3);
            assertThat(cluster.context(0).getBean(MeterRegistry.class).get("cachegate.db.read.wait").timer().count())
                    .as("no read waited for the replica").isZero();
        }
    }
}
