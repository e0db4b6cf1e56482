package dev.cachegate.bench;

import com.alicp.jetcache.Cache;
import com.alicp.jetcache.CacheBuilder;
import com.alicp.jetcache.CacheUtil;
import com.alicp.jetcache.CacheValueHolder;
import com.alicp.jetcache.MultiLevelCache;
import com.alicp.jetcache.SimpleCacheManager;
import com.alicp.jetcache.anno.CacheConsts;
import com.alicp.jetcache.anno.CacheType;
import com.alicp.jetcache.embedded.CaffeineCacheBuilder;
import com.alicp.jetcache.redis.lettuce.JetCacheCodec;
import com.alicp.jetcache.redis.lettuce.RedisLettuceCacheBuilder;
import com.alicp.jetcache.support.JavaValueDecoder;
import com.alicp.jetcache.support.JavaValueEncoder;
import com.alicp.jetcache.template.CacheBuilderTemplate;
import com.alicp.jetcache.template.NotifyMonitorInstaller;
import com.alicp.jetcache.template.QuickConfig;
import dev.cachegate.catalog.Product;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Map;
import java.util.function.Function;

/**
 * JetCache's two-level cache ({@link CacheType#BOTH}) as one instance of {@link PeerCacheBenchmark}, built without
 * Spring the way JetCache's own configuration does it: a {@link SimpleCacheManager} with a
 * {@link CacheBuilderTemplate} of a Caffeine local builder and a Lettuce remote builder (its own {@link RedisClient},
 * connection and pub/sub connection), and {@link NotifyMonitorInstaller}, which, with {@code syncLocal}, broadcasts
 * every put and remove on a channel so that the other instances drop the key from their local tier. Misses load
 * through the shared {@link ProductSource} with {@code penetrationProtect} (one load per key per instance).
 */
final class JetCachePeer implements PeerCache {

    /** The name in the report. */
    static final String NAME = "JetCache two-level";

    /** How JetCache is configured, for the report's notes. */
    static final String NOTE = "JetCache 2.7.8 (jetcache-redis-lettuce, on the build's Lettuce 6.8): CacheType.BOTH, "
            + "local Caffeine limit 100000, remote Lettuce with its own RedisClient per instance, expire and "
            + "localExpire as cachegate's TTL, syncLocal true (broadcastChannel, NotifyMonitorInstaller: a put or "
            + "remove publishes the key, receivers drop it from the local tier), penetrationProtect true (collapses "
            + "concurrent loads within one instance only), loader = the shared source; written = put. Values in Redis "
            + "are the same JSON as cachegate's plus JetCache's expire/access times; broadcast messages use "
            + "JetCache's Java serialization.";

    private static final String CHANNEL = "peers:jetcache";
    private static final String CACHE = "peers-jetcache";
    private static final int LOCAL_LIMIT = 100_000;
    private static final byte[] MAGIC = {'C', 'G', 'J', '1'};
    private static final int HEADER = MAGIC.length + 2 * Long.BYTES;

    private final RedisClient client;
    private final StatefulRedisConnection<?, ?> connection;
    private final SimpleCacheManager manager;
    private final Cache<Long, Product> cache;
    private final Cache<Object, Object> local;

    /**
     * @param redisUri the shared Redis
     * @param source   the loader
     */
    @SuppressWarnings({"unchecked", "rawtypes"})
    JetCachePeer(String redisUri, ProductSource source) {
        client = RedisClient.create(redisUri);
        connection = client.connect(new JetCacheCodec());
        StatefulRedisPubSubConnection pubSub = client.connectPubSub(new JetCacheCodec());
        Function<Object, Object> keys = Function.identity();
        Map<String, CacheBuilder> localBuilders = Map.of(CacheConsts.DEFAULT_AREA,
                CaffeineCacheBuilder.createCaffeineCacheBuilder().keyConvertor(keys));
        Map<String, CacheBuilder> remoteBuilders = Map.of(CacheConsts.DEFAULT_AREA,
                RedisLettuceCacheBuilder.createRedisLettuceCacheBuilder()
                        .redisClient(client)
                        .connection(connection)
                        .pubSubConnection(pubSub)
                        .broadcastChannel(CHANNEL)
                        .keyConvertor(keys)
                        .valueEncoder(JetCachePeer::encode)
                        .valueDecoder(JetCachePeer::decode));
        CacheBuilderTemplate template = new CacheBuilderTemplate(true, localBuilders, remoteBuilders);
        template.getCacheMonitorInstallers().add(new NotifyMonitorInstaller(area -> template.getCacheBuilder(1, area)));
        manager = new SimpleCacheManager();
        manager.setCacheBuilderTemplate(template);
        try {
            cache = manager.getOrCreateCache(QuickConfig.newBuilder(CACHE)
                    .cacheType(CacheType.BOTH)
                    .localLimit(LOCAL_LIMIT)
                    .expire(BenchSupport.longTtl())
                    .localExpire(BenchSupport.longTtl())
                    .syncLocal(true)
                    .penetrationProtect(true)
                    .loader(id -> source.load((Long) id))
                    .build());
            local = ((MultiLevelCache) CacheUtil.getAbstractCache(cache)).caches()[0];
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    @Override
    public Product get(long id) {
        return cache.get(id);
    }

    @Override
    public void written(Product product) {
        cache.put(product.id(), product);
    }

    @Override
    public boolean holdsLocally(long id) {
        return local.GET(id).isSuccess();
    }

    @Override
    public void close() {
        manager.close();
        connection.close();
        client.shutdown();
    }

    /** A cached product as its times and {@link ProductJson}; anything else (broadcasts) as JetCache's default. */
    static byte[] encode(Object value) {
        if (value instanceof CacheValueHolder<?> holder && holder.getValue() instanceof Product product) {
            byte[] json = ProductJson.INSTANCE.bytes(product);
            return ByteBuffer.allocate(HEADER + json.length).put(MAGIC).putLong(holder.getExpireTime())
                    .putLong(holder.getAccessTime()).put(json).array();
        }
        return JavaValueEncoder.INSTANCE.apply(value);
    }

    static Object decode(byte[] bytes) {
        if (bytes.length >= HEADER && Arrays.equals(bytes, 0, MAGIC.length, MAGIC, 0, MAGIC.length)) {
            ByteBuffer buffer = ByteBuffer.wrap(bytes, MAGIC.length, 2 * Long.BYTES);
            long expireTime = buffer.getLong();
            long accessTime = buffer.getLong();
            Product product = ProductJson.INSTANCE.decode(Arrays.copyOfRange(bytes, HEADER, bytes.length));
            CacheValueHolder<Product> holder = new CacheValueHolder<>(product, expireTime);
            holder.setAccessTime(accessTime);
            return holder;
        }
        return JavaValueDecoder.INSTANCE.apply(bytes);
    }
}
