package dev.cachegate.admin;

import dev.cachegate.auth.AdminToken;
import dev.cachegate.cache.VersionedCache;
import dev.cachegate.catalog.Product;
import dev.cachegate.catalog.ProductIds;
import dev.cachegate.problem.ApiException;
import dev.cachegate.problem.ProblemType;
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

import java.util.List;
import java.util.Map;

/** Operator controls of the product cache: evict one, evict all, and see what each layer holds. */
@Controller("/admin/cache/products")
@ExecuteOn(TaskExecutors.BLOCKING)
@Tag(name = "admin")
record CacheAdminController(VersionedCache<Product> cache, AdminToken adminToken) {

    @Delete("/{id}")
    @Operation(summary = "Evict one product from L2 and from L1 on every instance (not from the database)")
    HttpResponse<Void> evict(HttpRequest<?> request, @PathVariable String id) {
        adminToken.authorize(request);
        return evicted(cache.evict(ProductIds.parse(id)));
    }

    @Delete
    @Operation(summary = "Evict every product from L2 and from L1 on every instance")
    HttpResponse<Void> evictAll(HttpRequest<?> request) {
        adminToken.authorize(request);
        return evicted(cache.evictAll());
    }

    /** 204 when every layer was evicted; else 503 naming what was not (this instance's L1 always is). */
    private static HttpResponse<Void> evicted(List<String> missed) {
        if (!missed.isEmpty()) {
            throw new EvictionIncompleteException(missed);
        }
        return HttpResponse.noContent();
    }

    /** An eviction that Redis kept from reaching every layer. */
    static final class EvictionIncompleteException extends ApiException {
        EvictionIncompleteException(List<String> missed) {
            super(ProblemType.DEPENDENCY_UNAVAILABLE, "evicted from this instance's L1, but not from "
                    + String.join(" nor ", missed) + ": Redis did not answer; retry once it does");
        }

        @Override
        public Map<String, String> headers() {
            return Map.of("Retry-After", "1");
        }
    }

    @Get("/{id}")
    @Operation(summary = "What each layer holds for a product: version, age, remaining TTL, refresh point")
    HttpResponse<Map<String, Object>> inspect(HttpRequest<?> request, @PathVariable String id) {
        adminToken.authorize(request);
        return HttpResponse.ok(CacheView.of(cache.inspect(ProductIds.parse(id)))).header("Cache-Control", "no-store");
    }
}
