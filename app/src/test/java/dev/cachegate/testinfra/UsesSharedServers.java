package dev.cachegate.testinfra;

import io.micronaut.test.support.TestPropertyProvider;

import java.util.Map;

/**
 * Implemented by {@code @MicronautTest} classes (with {@code @TestInstance(PER_CLASS)}) that run cachegate on the
 * shared servers, with a catalog of {@link #CATALOG_SIZE} generated products.
 */
public interface UsesSharedServers extends TestPropertyProvider {

    /** Products seeded into the shared catalog: ids 1..CATALOG_SIZE. */
    long CATALOG_SIZE = 2_000;

    /** The admin token of test instances. */
    String ADMIN_TOKEN = "test-admin-token-0123456789";

    /** The session cookies' signing key in tests. */
    String SIGNING_KEY = "test-session-signing-key-0123456789abcdef";

    /** A payment client's API key. */
    String API_KEY_A = "test-api-key-alice-0123456789";

    /** Another payment client's API key. */
    String API_KEY_B = "test-api-key-bob-0123456789";

    @Override
    default Map<String, String> getProperties() {
        Map<String, String> properties = new java.util.HashMap<>(SharedInfrastructure.get().properties());
        if (RedisCluster.selected()) {
            properties.put("redis.uri", RedisCluster.shared().uri());
        }
        properties.put("cachegate.catalog.seed-products", Long.toString(CATALOG_SIZE));
        properties.put("cachegate.admin-token", ADMIN_TOKEN);
        properties.put("cachegate.api-keys", API_KEY_A + "," + API_KEY_B);
        properties.put("cachegate.session.signing-keys", SIGNING_KEY);
        return properties;
    }
}
