package dev.cachegate.catalog;

import dev.cachegate.problem.Problem;
import io.micronaut.core.annotation.Nullable;
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

import java.util.List;

/** The catalog's read API. */
@Controller("/products")
@ExecuteOn(TaskExecutors.BLOCKING)
@Tag(name = "catalog")
final class ProductController {

    private final ProductRepository products;
    private final PageCursors cursors;
    private final CatalogConfig config;

    ProductController(ProductRepository products, CatalogConfig config) {
        this.products = products;
        this.config = config;
        this.cursors = new PageCursors(config.cursorSecret());
    }

    @Get("/{id}")
    @Operation(summary = "One product")
    @ApiResponse(responseCode = "200", description = "The product")
    @ApiResponse(responseCode = "400", description = "The id is not a positive 64-bit integer",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @ApiResponse(responseCode = "404", description = "No product has this id",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    Product get(@PathVariable String id) {
        long productId = ProductIds.parse(id);
        return products.findById(productId).orElseThrow(() -> new ProductNotFoundException(productId));
    }

    @Get
    @Operation(summary = "Products in ascending id order, a page at a time (keyset pagination)")
    @ApiResponse(responseCode = "200", description = "A page; nextCursor is null on the last one")
    @ApiResponse(responseCode = "400", description = "A cursor that was not issued by cachegate, or a bad limit",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    ProductPage list(@QueryValue @Nullable String cursor, @QueryValue @Nullable String limit) {
        long afterId = cursor == null || cursor.isEmpty() ? 0 : cursors.decode(cursor);
        int pageSize = pageSize(limit);
        List<Product> items = products.findPage(afterId, pageSize + 1);
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
