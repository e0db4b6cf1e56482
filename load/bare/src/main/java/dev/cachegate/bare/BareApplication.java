package dev.cachegate.bare;

import io.micronaut.runtime.Micronaut;

/**
 * The benchmark's C1 ceiling: a bare Micronaut app on cachegate's platform with one endpoint,
 * {@code GET /products/{id}}, that serializes one fixed {@link Product} on every request. No cache, no byte caching,
 * no filters, no metrics, no database: what a Micronaut controller returning this record costs, and nothing else.
 *
 * <p>The product comes from the JSON file named by {@code bare.product-file} ({@code -Dbare.product-file=PATH} or
 * {@code BARE_PRODUCT_FILE}), read once at startup, for example a body captured from cachegate's
 * {@code GET /products/1}; the response for any id is that product, byte for byte what cachegate sends for it.
 * Listens on 8090 unless {@code micronaut.server.port} / {@code MICRONAUT_SERVER_PORT} says otherwise.
 *
 * <pre>
 * ./mvnw -B -f load/bare/pom.xml verify
 * java -Dbare.product-file=/tmp/p1.json -jar load/bare/target/cachegate-bare-0.1.0-SNAPSHOT.jar
 * </pre>
 */
public final class BareApplication {

    private BareApplication() {
    }

    /**
     * Starts the server.
     *
     * @param args Micronaut command-line arguments
     */
    public static void main(String[] args) {
        Micronaut.run(BareApplication.class, args);
    }
}
