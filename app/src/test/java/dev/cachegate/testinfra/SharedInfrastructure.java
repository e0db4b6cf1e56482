package dev.cachegate.testinfra;

import dev.cachegate.catalogdata.CatalogGenerator;
import dev.cachegate.catalogdata.CatalogLoader;
import dev.cachegate.redis.RedisClients;
import dev.cachegate.redis.RedisRole;
import dev.cachegate.routing.WalPositions;
import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import org.flywaydb.core.Flyway;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;

/**
 * The one set of test servers of this JVM, started on first use and stopped when the JVM exits, with the schema
 * migrated and {@link UsesSharedServers#CATALOG_SIZE} generated products loaded. Tests share it and keep out of each
 * other's way through their data (own ids, keys, usernames), not through servers of their own.
 */
public final class SharedInfrastructure {

    private SharedInfrastructure() {
    }

    /** @return the running servers */
    public static TestInfrastructure get() {
        return Holder.INSTANCE;
    }

    /**
     * @return a new connection to the primary; the caller closes it
     * @throws SQLException on failure
     */
    public static Connection primary() throws SQLException {
        TestInfrastructure servers = get();
        return DriverManager.getConnection(servers.primaryJdbcUrl(), servers.username(), servers.password());
    }

    /**
     * @return a new connection to the replica; the caller closes it
     * @throws SQLException on failure
     */
    public static Connection replica() throws SQLException {
        TestInfrastructure servers = get();
        return DriverManager.getConnection(servers.replicaJdbcUrl(), servers.username(), servers.password());
    }

    /**
     * @return a connection to the test Redis shared by this JVM's tests, for commands; never closed by a caller (it
     *         reconnects by itself after a test restarts Redis)
     */
    public static StatefulRedisConnection<String, String> redis() {
        return RedisHolder.CONNECTION;
    }

    /**
     * @return a connection to the Redis the applications under test use: the shared Cluster when
     *         {@link RedisCluster#selected()}, else {@link #redis()}; never closed by a caller
     */
    public static RedisRole appRedis() {
        return RedisCluster.selected() ? ClusterHolder.CONNECTION : RedisRole.of(redis());
    }

    /** @return the URI of the Redis the applications under test use */
    public static String appRedisUri() {
        return RedisCluster.selected() ? RedisCluster.shared().uri() : get().redisUri();
    }

    /** @return a client of the Redis the applications under test use, shared; never shut down by a caller */
    public static AbstractRedisClient appClient() {
        return RedisCluster.selected() ? ClusterHolder.CLIENT : SingleClientHolder.CLIENT;
    }

    /** @return a new pub/sub connection to the Redis the applications under test use; the caller closes it */
    public static StatefulRedisPubSubConnection<String, String> newAppPubSub() {
        return RedisClients.connectPubSub(appClient());
    }

    private static final class ClusterHolder {
        static final RedisClusterClient CLIENT = RedisCluster.shared().client();
        static final RedisRole CONNECTION = RedisRole.of(CLIENT.connect());
    }

    private static final class SingleClientHolder {
        static final RedisClient CLIENT = RedisClient.create(get().redisUri());
    }

    private static final class RedisHolder {
        static final StatefulRedisConnection<String, String> CONNECTION =
                RedisClient.create(get().redisUri()).connect();
    }

    private static final class Holder {
        static final TestInfrastructure INSTANCE = start();

        private static TestInfrastructure start() {
            String requested = System.getProperty(InfrastructureSelector.PROPERTY, System.getenv("CACHEGATE_TEST_INFRA"));
            TestInfrastructure servers = switch (InfrastructureSelector.select(requested)) {
                case EMBEDDED -> new EmbeddedTestInfrastructure();
            };
            Runtime.getRuntime().addShutdownHook(new Thread(servers::close, "test-infrastructure-shutdown"));
            prepareCatalog(servers);
            return servers;
        }

        private static void prepareCatalog(TestInfrastructure servers) {
            Flyway.configure().dataSource(servers.primaryJdbcUrl(), servers.username(), servers.password())
                    .locations("classpath:db/migration").load().migrate();
            try (Connection primary = DriverManager.getConnection(servers.primaryJdbcUrl(), servers.username(),
                    servers.password());
                 Connection replica = DriverManager.getConnection(servers.replicaJdbcUrl(), servers.username(),
                         servers.password())) {
                new CatalogLoader(new CatalogGenerator()).loadIfEmpty(primary, UsesSharedServers.CATALOG_SIZE);
                String lsn = WalPositions.current(primary);
                long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                while (!WalPositions.replayedPast(replica, lsn)) {
                    if (System.nanoTime() > deadline) {
                        throw new IllegalStateException("the replica did not replay " + lsn + " within 30 s");
                    }
                    Thread.sleep(10);
                }
            } catch (Exception e) {
                throw new IllegalStateException("could not prepare the shared test catalog: " + e.getMessage(), e);
            }
        }
    }
}
