package dev.cachegate.cache;

import dev.cachegate.redis.RedisRole;
import dev.cachegate.testinfra.Cluster;
import dev.cachegate.testinfra.Products;
import dev.cachegate.testinfra.SharedInfrastructure;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.util.Map;

import static dev.cachegate.cache.CacheTesting.TTL_ONLY;
import static dev.cachegate.cache.CacheTesting.layer;
import static dev.cachegate.cache.CacheTesting.price;
import static dev.cachegate.cache.CacheTesting.readUntil;
import static dev.cachegate.cache.CacheTesting.setPrice;
import static org.assertj.core.api.Assertions.assertThat;

/** L1 coherence across instances over pub/sub, and what a lost message does with and without the change stream. */
class InvalidationIT {

    @Test
    void aPriceUpdateOnOneInstanceIsServedByTheOthersWithinOneSecond() throws Exception {
        long id = Products.create(500);
        String path = "/products/" + id;
        try (Cluster cluster = Cluster.start(3, "coherent", Map.of())) {
            for (int i = 0; i < 3; i++) {
                cluster.http(i).get(path);
                assertThat(layer(cluster.http(i).get(path))).isEqualTo("L1");
            }

            long updatedAt = System.nanoTime();
            setPrice(cluster.http(0), id, 555);

            for (int i = 1; i < 3; i++) {
                long remaining = 1000 - (System.nanoTime() - updatedAt) / 1_000_000;
                HttpResponse<String> read = readUntil(cluster.http(i), path, r -> price(r) == 555, remaining);
                assertThat(price(read)).as("instance %d within 1 s", i + 1).isEqualTo(555);
            }
            assertThat(cluster.counter("cachegate.cache.invalidations", "direction", "received", "result", "applied"))
                    .isGreaterThanOrEqualTo(2);
        }
    }

    @Test
    void inTheTtlOnlyDesignASequenceGapMakesTheReceiverClearItsL1() throws Exception {
        assertThat(afterAGap("gap-ttl", TTL_ONLY)).as("L1 was cleared, so the key comes from L2").isEqualTo("L2");
    }

    @Test
    void withTheChangeStreamASequenceGapClearsNothing() throws Exception {
        assertThat(afterAGap("gap-stream", Map.of())).as("the stream makes up for the gap; L1 stays warm")
                .isEqualTo("L1");
    }

    /** @return the layer that answers a cached key after a gap in another sender's sequence */
    private static String afterAGap(String name, Map<String, String> properties) throws Exception {
        long id = Products.create(600);
        String path = "/products/" + id;
        RedisRole redis = SharedInfrastructure.appRedis();
        try (Cluster cluster = Cluster.start(1, name, properties)) {
            cluster.http(0).get(path);
            assertThat(layer(cluster.http(0).get(path))).isEqualTo("L1");
            String channel = "cachegate:invalidations:{products}";
            String sender = "ghost-" + id;

            redis.sync().spublish(channel, sender + " 1 " + (id + 1) + " 1");
            redis.sync().spublish(channel, sender + " 3 " + (id + 1) + " 1");

            HttpResponse<String> afterGap = readUntil(cluster.http(0), path, r -> !"L1".equals(layer(r)), 1000);
            assertThat(Cluster.counter(cluster.context(0), "cachegate.cache.invalidations", "direction", "received",
                    "result", "gap")).isEqualTo(1);
            assertThat(Cluster.counter(cluster.context(0), "cachegate.cache.l1.clears", "reason", "gap"))
                    .isEqualTo("L2".equals(layer(afterGap)) ? 1 : 0);
            return layer(afterGap);
        }
    }

    @Test
    void anInstanceIgnoresItsOwnMessages() throws Exception {
        long id = Products.create(700);
        String path = "/products/" + id;
        RedisRole redis = SharedInfrastructure.appRedis();
        try (Cluster cluster = Cluster.start(1, "self", Map.of())) {
            cluster.http(0).get(path);

            redis.sync().spublish("cachegate:invalidations:{products}", "self-1 999 " + id + " 99");

            Thread.sleep(100);
            assertThat(layer(cluster.http(0).get(path))).isEqualTo("L1");
        }
    }
}
