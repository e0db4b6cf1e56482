package dev.cachegate.catalog;

import dev.cachegate.auth.AdminToken;
import dev.cachegate.cache.CacheRead;
import dev.cachegate.cache.VersionedCache;
import dev.cachegate.problem.Problem;
import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadConfig;
import io.github.resilience4j.bulkhead.BulkheadFullException;
import io.github.resilience4j.bulkhead.BulkheadRegistry;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Header;
import io.micronaut.http.annotation.Put;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.propagation.PropagatedContext;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.inject.Named;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.function.Supplier;

/**
 * The catalog API: product reads through the tiered cache, pages from the replica, price updates on the primary.
 *
 * <p>A product read never blocks its event loop: L1 answers it in place, L2 on Redis's I/O thread, and only a load
 * (or a CDN bypass read from the primary) runs on the blocking executor, as does every other method that touches
 * Redis or the database.
 */
@Controller("/products")
@Tag(name = "catalog")
final class ProductController {

    /** The response header that names the layer that answered. */
    static final String X_CACHE = "X-Cache";

    /** The name of the bulkhead around page reads, and of its {@code resilience4j_bulkhead_*} metrics. */
    static final String LISTINGS = "catalog-listings";

    private final ProductRepository products;
    private final VersionedCache<Product> cache;
    private final PageCursors cursors;
    private final CatalogConfig config;
    private final String cacheControl;
    private final String notFoundCacheControl;
    private final AdminToken adminToken;
    private final CdnPurger cdn;
    private final ExecutorService blocking;
    private final ProductJson json;
    private final Bulkhead listings;
    private final ListingsConfig listingsConfig;

    ProductController(ProductRepository products, VersionedCache<Product> cache, CatalogConfig config,
                      HttpCachingConfig http, AdminToken adminToken, CdnPurger cdn,
                      @Named(TaskExecutors.BLOCKING) ExecutorService blocking, ProductJson json,
                      BulkheadRegistry bulkheads, ListingsConfig listingsConfig) {
        this.json = json;
        this.listingsConfig = listingsConfig;
        this.listings = bulkheads.bulkhead(LISTINGS, BulkheadConfig.custom()
                .maxConcurrentCalls(listingsConfig.maxConcurrent())
                .maxWaitDuration(listingsConfig.maxWait())
                .build());
        this.cdn = cdn;
        this.blocking = blocking;
        this.products = products;
        this.cache = cache;
        this.config = config;
        this.cursors = new PageCursors(config.cursorSecret());
        this.cacheControl = http.cacheControl();
        this.notFoundCacheControl = http.notFoundCacheControl();
        this.adminToken = adminToken;
    }

    @Get("/{id}")
    @Operation(summary = "One product")
    @ApiResponse(responseCode = "200", description = "The product",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Product.class)))
    @ApiResponse(responseCode = "400", description = "The id is not a positive 64-bit integer",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @ApiResponse(responseCode = "404", description = "No product has this id",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @ApiResponse(responseCode = "304", description = "If-None-Match names the current version")
    CompletionStage<HttpResponse<byte[]>> get(@PathVariable String id,
                                                @Header(HttpHeaders.IF_NONE_MATCH) @Nullable String ifNoneMatch,
                                                @Header(CdnPurger.BYPASS_HEADER) @Nullable String bypass) {
        long productId = ProductIds.parse(id);
        if (cdn.isBypass(bypass)) {
            Supplier<HttpResponse<byte[]>> read = () -> respond(productId,
                    cache.getPastCaches(productId, () -> products.findByIdOnPrimary(productId)), ifNoneMatch);
            return CompletableFuture.supplyAsync(PropagatedContext.wrapCurrent(read), blocking);
        }
        return cache.getAsync(productId).thenApply(read -> respond(productId, read, ifNoneMatch));
    }

    private HttpResponse<byte[]> respond(long productId, CacheRead<Product> read, @Nullable String ifNoneMatch) {
        Product product = read.value();
        if (product == null) {
            throw new ProductNotFoundException(productId, notFoundCacheControl);
        }
        MutableHttpResponse<byte[]> response = ETags.matches(ifNoneMatch, product.etag())
                ? HttpResponse.notModified()
                : HttpResponse.ok(json.of(product)).contentType(MediaType.APPLICATION_JSON_TYPE);
        return response.header(HttpHeaders.ETAG, product.etag())
                .header(HttpHeaders.CACHE_CONTROL, cacheControl)
                .header(X_CACHE, read.layer().name());
    }

    @Put("/{id}/price")
    @Operation(summary = "Change a price (admin token); the cache strategy decides how caches learn of it")
    @ApiResponse(responseCode = "200", description = "The updated product")
    @ApiResponse(responseCode = "412", description = "If-Match names a version that is no longer current",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @ApiResponse(responseCode = "422", description = "The price or currency is not acceptable",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @ExecuteOn(TaskExecutors.BLOCKING)
    HttpResponse<Product> changePrice(HttpRequest<?> request, @PathVariable String id, @Body PriceChange change,
                                      @Header(HttpHeaders.IF_MATCH) @Nullable String ifMatch) {
        adminToken.authorize(request);
        long productId = ProductIds.parse(id);
        PriceChange valid = change.validated();
        Long expectedVersion = ETags.expectedVersion(ifMatch);
        if (ifMatch != null && expectedVersion == null && !"*".equals(ifMatch.trim())) {
            throw new VersionConflictException(productId, ifMatch, currentEtag(productId));
        }
        Product updated = products.updatePrice(productId, valid.priceCents(), valid.currency(), expectedVersion)
                .orElseThrow(() -> expectedVersion == null
                        ? new ProductNotFoundException(productId)
                        : new VersionConflictException(productId, ifMatch, currentEtag(productId)));
        cache.written(productId, updated);
        cdn.purge(productId);
        return HttpResponse.ok(updated)
                .header(HttpHeaders.ETAG, updated.etag())
                .header(HttpHeaders.CACHE_CONTROL, "no-store");
    }

    private String currentEtag(long productId) {
        return products.findByIdOnPrimary(productId).map(Product::etag)
                .orElseThrow(() -> new ProductNotFoundException(productId));
    }

    @Get
    @Operation(summary = "Products in ascending id order, a page at a time (keyset pagination)")
    @ApiResponse(responseCode = "200", description = "A page; nextCursor is null on the last one")
    @ApiResponse(responseCode = "400", description = "A cursor that was not issued by cachegate, or a bad limit",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @ApiResponse(responseCode = "503", description = "Too many page reads at once (overloaded), or the database is "
            + "unavailable or busy; Retry-After says when to try again",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @ExecuteOn(TaskExecutors.BLOCKING)
    ProductPage list(@QueryValue @Nullable String cursor, @QueryValue @Nullable String limit) {
        long afterId = cursor == null || cursor.isEmpty() ? 0 : cursors.decode(cursor);
        int pageSize = pageSize(limit);
        List<Product> items;
        try {
            items = listings.executeSupplier(() -> products.findPage(afterId, pageSize + 1));
        } catch (BulkheadFullException e) {
            throw new ListingsOverloadedException(listingsConfig.maxConcurrent(), listingsConfig.maxWait());
        }
        if (items.size() <= pageSize) {
            return new ProductPage(items, null);
        }
        List<Product> page = items.subList(0, pageSize);
        return new ProductPage(List.copyOf(page), cursors.encode(page.get(pageSize - 1).id()));
    }

    private int pageSize(String limit) {
        if (limit == null || limit.isEmpty()) {
            return config.defaultPageSize();
        }
        if (!limit.matches("[0-9]{1,10}")) {
            throw InvalidPageRequestException.limit(limit, config.maxPageSize());
        }
        long requested = Long.parseLong(limit);
        if (requested < 1) {
            throw InvalidPageRequestException.limit(limit, config.maxPageSize());
        }
        return (int) Math.min(requested, config.maxPageSize());
    }
}
