package dev.cachegate.ops;

import dev.cachegate.testinfra.Cluster;
import dev.cachegate.testinfra.Http;
import dev.cachegate.testinfra.Products;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ConnectException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The shutdown sequence of {@link Drain} on a real server: readiness first, then serving with {@code Connection: close}
 * for the drain, then no new connections while a request already in flight is finished.
 */
class GracefulDrainIT {

    private static final Duration DRAIN = Duration.ofMillis(1500);
    private static final Duration LOAD = Duration.ofSeconds(3);

    @Test
    void aDrainingInstanceLeavesRotationServesOnAndFinishesWhatIsInFlight() throws Exception {
        long slow = Products.create(777);
        try (Cluster cluster = Cluster.start(1, "drain", Map.of(
                "cachegate.catalog.load-delay", LOAD.toMillis() + "ms",
                "cachegate.shutdown.drain", DRAIN.toMillis() + "ms",
                "cachegate.shutdown.in-flight-timeout", "10s"))) {
            Http http = cluster.http(0);
            URI base = http.base();
            assertThat(http.get("/health/readiness").statusCode()).isEqualTo(200);
            assertThat(http.get("/products/1").headers().firstValue("connection")).isEmpty();
            Drain drain = cluster.context(0).getBean(Drain.class);

            long start = System.nanoTime();
            CompletableFuture<Void> stopped = CompletableFuture.runAsync(drain::drainAndStop, GracefulDrainIT::thread);

            HttpResponse<String> readiness = http.get("/health/readiness");
            assertThat(readiness.statusCode()).as("readiness at once").isEqualTo(503);
            assertThat(readiness.body()).contains("\"drain\"");
            HttpResponse<String> during = http.get("/products/1");
            assertThat(during.statusCode()).as("a new request during the drain").isEqualTo(200);
            assertThat(during.headers().firstValue("connection")).hasValue("close");
            CompletableFuture<HttpResponse<String>> inFlight =
                    CompletableFuture.supplyAsync(() -> http.get("/products/" + slow), GracefulDrainIT::thread);

            awaitRefused(base, DRAIN.plusSeconds(2));
            long refusedAfter = System.nanoTime() - start;
            assertThat(inFlight).as("the slow request, when new connections are refused").isNotDone();
            assertThat(Duration.ofNanos(refusedAfter)).as("refused only after the drain").isGreaterThanOrEqualTo(DRAIN);

            assertThat(inFlight.get(LOAD.toSeconds() + 5, TimeUnit.SECONDS).statusCode())
                    .as("the request in flight when the server stopped accepting").isEqualTo(200);
            stopped.get(10, TimeUnit.SECONDS);
        }
    }

    private static void thread(Runnable task) {
        Thread.ofPlatform().start(task);
    }

    private static void awaitRefused(URI base, Duration within) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        while (System.nanoTime() < deadline) {
            try (Socket socket = new Socket(base.getHost(), base.getPort())) {
                Thread.sleep(20);
            } catch (ConnectException refused) {
                return;
            } catch (IOException e) {
                throw new AssertionError("unexpected failure connecting to " + base, e);
            }
        }
        throw new AssertionError("still accepting connections " + within + " after the drain began");
    }
}
