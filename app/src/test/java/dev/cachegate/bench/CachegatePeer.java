package dev.cachegate.bench;

import dev.cachegate.cache.VersionedCache;
import dev.cachegate.cache.KeySnapshot;
import dev.cachegate.cache.VersionedCaches;
import dev.cachegate.cache.Watermark;
import dev.cachegate.catalog.Product;
import dev.cachegate.embedded.EmbeddedServers;
import io.micronaut.context.ApplicationContext;

import java.util.Map;
import java.util.Optional;

/**
 * cachegate's {@link VersionedCache} as one instance of {@link PeerCacheBenchmark}: an application context of its own
 * (its own Lettuce connections, pub/sub subscription and Caffeine L1), with the default cache-aside strategy and
 * single flight, and a cache made by the context's {@link VersionedCaches} over the shared {@link ProductSource}.
 */
final class CachegatePeer implements PeerCache {

    /** The name in the report. */
    static final String NAME = "cachegate VersionedCache";

    private static final String CACHE = "peers";
    private static final int SEEDED_PRODUCTS = 100;

    private final ApplicationContext context;
    private final VersionedCache<Product> cache;

    private CachegatePeer(ApplicationContext context, VersionedCache<Product> cache) {
        this.context = context;
        this.cache = cache;
    }

    /**
     * @param servers  the embedded servers
     * @param instance the instance's suffix, e.g. {@code a}
     * @param source   the loader
     * @return a started instance
     */
    static CachegatePeer start(EmbeddedServers servers, String instance, ProductSource source) {
        Map<String, Object> properties = BenchSupport.cachegateProperties(servers, "peers-" + instance,
                SEEDED_PRODUCTS);
        ApplicationContext context = ApplicationContext.builder().environments("bench").properties(properties).start();
        try {
            VersionedCache<Product> cache = context.getBean(VersionedCaches.class)
                    .create(CACHE, ProductJson.INSTANCE, (id, minVersion) -> Optional.of(source.load(id)),
                            Watermark.untracked());
            return new CachegatePeer(context, cache);
        } catch (RuntimeException e) {
            context.close();
            throw e;
        }
    }

    @Override
    public Product get(long id) {
        return cache.get(id).value();
    }

    @Override
    public void written(Product product) {
        cache.written(product.id(), product);
    }

    @Override
    public boolean holdsLocally(long id) {
        return cache.inspect(id).l1() instanceof KeySnapshot.Held;
    }

    @Override
    public void close() {
        context.close();
    }
}
