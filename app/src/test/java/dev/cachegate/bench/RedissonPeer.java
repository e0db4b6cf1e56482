package dev.cachegate.bench;

import dev.cachegate.catalog.Product;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import org.redisson.Redisson;
import org.redisson.api.RLocalCachedMap;
import org.redisson.api.RedissonClient;
import org.redisson.api.map.MapLoader;
import org.redisson.api.options.LocalCachedMapOptions;
import org.redisson.client.codec.BaseCodec;
import org.redisson.client.codec.LongCodec;
import org.redisson.client.protocol.Decoder;
import org.redisson.client.protocol.Encoder;
import org.redisson.codec.CompositeCodec;
import org.redisson.config.Config;

import java.util.List;

/**
 * Redisson's {@link RLocalCachedMap} as one instance of {@link PeerCacheBenchmark}: its own {@link RedissonClient}
 * (default single-server settings), a local cache of {@value #LOCAL_SIZE} entries evicted LRU with the benchmark's
 * TTL, sync strategy {@code INVALIDATE} (a write removes the key from the other instances' local caches; the next
 * read fetches it), reconnection strategy {@code CLEAR}, and a {@link MapLoader} over the shared
 * {@link ProductSource}, which Redisson runs under a per-key {@code RLock}. Values are the same JSON as cachegate's.
 */
final class RedissonPeer implements PeerCache {

    /** The name in the report. */
    static final String NAME = "Redisson RLocalCachedMap";

    /** How Redisson is configured, for the report's notes. */
    static final String NOTE = "Redisson 3.52.0 RLocalCachedMap: one RedissonClient per instance (default "
            + "single-server pools), local cache 100000 entries LRU, TTL as cachegate's, syncStrategy INVALIDATE, "
            + "reconnectionStrategy CLEAR, storeMode LOCALCACHE_REDIS, cacheProvider REDISSON, useObjectAsCacheKey "
            + "false (default: keys are encoded and hashed on every local lookup), MapLoader read-through (misses "
            + "load under a per-key RLock); written = fastPut (HSET + invalidation message).";

    private static final int LOCAL_SIZE = 100_000;
    private static final String MAP = "peers:redisson";

    private final RedissonClient client;
    private final RLocalCachedMap<Long, Product> map;

    /**
     * @param redisUri the shared Redis
     * @param source   the loader
     */
    RedissonPeer(String redisUri, ProductSource source) {
        Config config = new Config();
        config.useSingleServer().setAddress(redisUri);
        client = Redisson.create(config);
        try {
            map = client.getLocalCachedMap(LocalCachedMapOptions.<Long, Product>name(MAP)
                    .codec(new CompositeCodec(LongCodec.INSTANCE, new JsonCodec()))
                    .cacheSize(LOCAL_SIZE)
                    .evictionPolicy(LocalCachedMapOptions.EvictionPolicy.LRU)
                    .timeToLive(BenchSupport.longTtl())
                    .syncStrategy(LocalCachedMapOptions.SyncStrategy.INVALIDATE)
                    .reconnectionStrategy(LocalCachedMapOptions.ReconnectionStrategy.CLEAR)
                    .loader(new MapLoader<>() {
                        @Override
                        public Product load(Long id) {
                            return source.load(id);
                        }

                        @Override
                        public Iterable<Long> loadAllKeys() {
                            return List.of();
                        }
                    }));
        } catch (RuntimeException e) {
            client.shutdown();
            throw e;
        }
    }

    @Override
    public Product get(long id) {
        return map.get(id);
    }

    @Override
    public void written(Product product) {
        map.fastPut(product.id(), product);
    }

    @Override
    public boolean holdsLocally(long id) {
        return map.getCachedMap().containsKey(id);
    }

    @Override
    public void close() {
        map.destroy();
        client.shutdown();
    }

    /** Products as {@link ProductJson}, for Redisson. */
    static final class JsonCodec extends BaseCodec {

        private final Encoder encoder = in -> {
            byte[] bytes = ProductJson.INSTANCE.bytes((Product) in);
            ByteBuf out = ByteBufAllocator.DEFAULT.buffer(bytes.length);
            out.writeBytes(bytes);
            return out;
        };

        private final Decoder<Object> decoder = (buf, state) -> {
            byte[] bytes = new byte[buf.readableBytes()];
            buf.readBytes(bytes);
            return ProductJson.INSTANCE.decode(bytes);
        };

        @Override
        public Decoder<Object> getValueDecoder() {
            return decoder;
        }

        @Override
        public Encoder getValueEncoder() {
            return encoder;
        }
    }
}
