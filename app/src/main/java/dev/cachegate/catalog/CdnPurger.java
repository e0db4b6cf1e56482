package dev.cachegate.catalog;

import dev.cachegate.metrics.TagCounters;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Refreshes a product in the CDN tier after a price update: one purge request per configured nginx node, in parallel,
 * bounded by {@code cachegate.cdn.purge-timeout}. A failed purge is logged at WARN and counted; the CDN then catches
 * up within {@code s-maxage}, which the freshness budget already allows for, so the update itself does not fail.
 */
@Singleton
public final class CdnPurger {

    /** The request header nginx sends on a purge's re-fetch. */
    public static final String BYPASS_HEADER = "X-Cache-Bypass";

    private static final Logger LOG = LoggerFactory.getLogger(CdnPurger.class);

    private final CdnConfig config;
    private final TagCounters results;
    private final HttpClient client;

    CdnPurger(CdnConfig config, MeterRegistry meters) {
        this.config = config;
        this.results = TagCounters.register(meters, "cachegate.cdn.purges", "result",
                List.of("ok", "refused", "failed"));
        this.client = HttpClient.newBuilder().connectTimeout(config.purgeTimeout()).build();
    }

    /**
     * @param productId the changed product
     */
    public void purge(long productId) {
        List<CompletableFuture<Void>> purges = config.purgeUrls().stream().map(base -> {
            HttpRequest request = HttpRequest.newBuilder(URI.create(base).resolve("/_purge/products/" + productId))
                    .timeout(config.purgeTimeout()).header("X-Purge-Secret", config.purgeSecret()).GET().build();
            return client.sendAsync(request, HttpResponse.BodyHandlers.discarding()).handle((response, error) -> {
                String result = error != null ? "failed" : response.statusCode() == 200 ? "ok" : "refused";
                results.increment(result);
                if (!"ok".equals(result)) {
                    LOG.warn("CDN purge of product {} at {} {}: {}", productId, base, result,
                            error != null ? error.toString() : "status " + response.statusCode());
                }
                return (Void) null;
            });
        }).toList();
        try {
            CompletableFuture.allOf(purges.toArray(CompletableFuture[]::new)).join();
        } catch (RuntimeException e) {
            LOG.warn("CDN purge of product {} did not complete: {}", productId, e.toString());
        }
    }

    /**
     * @param header the {@code X-Cache-Bypass} a request carries, or null
     * @return whether it is nginx's purge re-fetch, which must bypass L1 and L2
     */
    public boolean isBypass(String header) {
        return header != null && !config.purgeSecret().isEmpty() && MessageDigest.isEqual(
                header.getBytes(StandardCharsets.UTF_8), config.purgeSecret().getBytes(StandardCharsets.UTF_8));
    }
}
