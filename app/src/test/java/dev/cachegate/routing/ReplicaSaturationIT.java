package dev.cachegate.routing;

import dev.cachegate.testinfra.Http;
import dev.cachegate.testinfra.Products;
import dev.cachegate.testinfra.UsesSharedServers;
import io.github.resilience4j.bulkhead.BulkheadRegistry;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A replica pool with every connection busy (held here, on this instance's own pool: the shared replica itself is
 * untouched) is a busy replica, not a dead one: reads are shed as 503 {@code overloaded} rather than sent to the
 * primary, the tracker, on a connection of its own, keeps the replica up, and the listings bulkhead refuses pages
 * beyond its slots at once.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReplicaSaturationIT implements UsesSharedServers {

    private static final int POOL = 3;

    @Inject
    EmbeddedServer server;

    @Inject
    @Named(Databases.REPLICA)
    DataSource replica;

    @Inject
    @Named(Databases.REPLICA)
    ReplicaTracker tracker;

    @Inject
    MeterRegistry meters;

    @Inject
    BulkheadRegistry bulkheads;

    @Override
    public Map<String, String> getProperties() {
        Map<String, String> properties = new HashMap<>(UsesSharedServers.super.getProperties());
        properties.put("datasources.replica.maximum-pool-size", Integer.toString(POOL));
        properties.put("datasources.replica.minimum-idle", Integer.toString(POOL));
        properties.put("datasources.replica.connection-timeout", "1000");
        properties.put("cachegate.catalog.listings.max-concurrent", "1");
        properties.put("cachegate.catalog.listings.max-wait", "0ms");
        return properties;
    }

    @Test
    void aSaturatedReplicaPoolShedsReadsAndNeitherMarksTheReplicaDownNorFillsThePrimary() throws Exception {
        long id = Products.create(300);
        long other = Products.create(301);
        Http http = new Http(server.getURI());
        HttpResponse<String> refused;
        double primaryBefore;
        List<Connection> held = hold();
        try {
            primaryBefore = primaryReads();
            refused = http.get("/products/" + id);
            HttpResponse<String> again = http.get("/products/" + other);
            assertThat(again.statusCode()).as(again.body()).isEqualTo(503);
            assertThat(tracker.isUp()).as("polls during two connection-timeouts, on the tracker's own connection")
                    .isTrue();
        } finally {
            release(held);
        }

        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(503);
        assertThat(refused.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(refused.headers().firstValue("Retry-After")).hasValue("1");
        assertThat(refused.body()).contains("https://cachegate.dev/problems/overloaded").contains("postgres-replica");
        assertThat(primaryReads()).as("no read moved to the primary").isEqualTo(primaryBefore);

        HttpResponse<String> served = http.get("/products/" + id);
        assertThat(served.statusCode()).as(served.body()).isEqualTo(200);
        assertThat(primaryReads()).isEqualTo(primaryBefore);
    }

    @Test
    void pastTheListingsBulkheadAPageIsRefusedAtOnce() throws Exception {
        Http http = new Http(server.getURI());
        assertThat(http.get("/products?limit=3").statusCode()).isEqualTo(200);
        var listings = bulkheads.find("catalog-listings").orElseThrow();
        assertThat(listings.getBulkheadConfig().getMaxConcurrentCalls()).isEqualTo(1);
        List<Connection> held = hold();
        HttpResponse<String> refused;
        CompletableFuture<HttpResponse<String>> inside;
        try {
            inside = CompletableFuture.supplyAsync(() -> http.get("/products?limit=3"));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (listings.getMetrics().getAvailableConcurrentCalls() > 0) {
                assertThat(System.nanoTime()).as("a page read inside the bulkhead").isLessThan(deadline);
                Thread.onSpinWait();
            }
            refused = http.get("/products?limit=3");
        } finally {
            release(held);
        }
        inside.get(10, TimeUnit.SECONDS);

        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(503);
        assertThat(refused.headers().firstValue("Retry-After")).hasValue("1");
        assertThat(refused.body()).contains("https://cachegate.dev/problems/overloaded")
                .contains("product-listing slots");
        assertThat(http.get("/products?limit=3").statusCode()).isEqualTo(200);
    }

    private List<Connection> hold() throws SQLException {
        List<Connection> held = new ArrayList<>();
        for (int i = 0; i < POOL; i++) {
            held.add(replica.getConnection());
        }
        return held;
    }

    private static void release(List<Connection> held) throws SQLException {
        for (Connection connection : held) {
            connection.close();
        }
    }

    private double primaryReads() {
        return meters.find("cachegate.db.reads").tag("target", "primary").counters().stream()
                .mapToDouble(Counter::count).sum();
    }
}
