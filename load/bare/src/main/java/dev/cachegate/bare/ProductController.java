package dev.cachegate.bare;

import io.micronaut.context.annotation.Context;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;

/** {@code GET /products/{id}}: the configured product, serialized anew for every request. */
@Controller("/products")
@Context
public class ProductController {

    private final Product product;

    /** @param product the product read from {@code bare.product-file} */
    public ProductController(Product product) {
        this.product = product;
    }

    /**
     * @param id any product id
     * @return the configured product, whatever the id
     */
    @Get("/{id}")
    public Product get(long id) {
        return product;
    }
}
