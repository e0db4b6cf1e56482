package dev.cachegate.admin;

import dev.cachegate.cache.VersionedCache;
import dev.cachegate.catalog.Product;
import dev.cachegate.catalog.ProductIds;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

import java.util.Map;

/** Operator controls of the product cache: evict one, evict all, and see what each layer holds. */
@Controller("/admin/cache/products")
@ExecuteOn(TaskExecutors.BLOCKING)
@Tag(name = "admin")
final class CacheAdminController {

    private final VersionedCache<Product> cache;
    private final AdminToken adminToken;

    CacheAdminController(VersionedCache<Product> cache, AdminToken adminToken) {
        this.cache = cache;
        this.adminToken = adminToken;
    }

    @Delete("/{id}")
    @Operation(summary = "Evict one product from L2 and from L1 on every instance (not from the database)")
    HttpResponse<Void> evict(HttpRequest<?> request, @PathVariable String id) {
        adminToken.authorize(request);
        cache.evict(ProductIds.parse(id));
        return HttpResponse.noContent();
    }

    @Delete
    @Operation(summary = "Evict every product from L2 and from L1 on every instance")
    HttpResponse<Void> evictAll(HttpRequest<?> request) {
        adminToken.authorize(request);
        cache.evictAll();
        return HttpResponse.noContent();
    }

    @Get("/{id}")
    @Operation(summary = "What each layer holds for a product: version, age, remaining TTL, refresh point")
    HttpResponse<Map<String, Object>> inspect(HttpRequest<?> request, @PathVariable String id) {
        adminToken.authorize(request);
        return HttpResponse.ok(cache.inspect(ProductIds.parse(id))).header("Cache-Control", "no-store");
    }
}
