package dev.cachegate.testinfra;

import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.images.builder.Transferable;

/**
 * The Docker provider: {@code redis:7} and two {@code postgres:17} containers, the second a streaming standby made
 * with {@code pg_basebackup -R}. Exercised only where a Docker engine exists (not on the project's CI machine).
 */
final class ContainerTestInfrastructure implements TestInfrastructure {

    private static final String ALLOW_REPLICATION =
            "echo 'host replication all all trust' >> \"$PGDATA/pg_hba.conf\"";
    private static final String STANDBY = """
            until pg_basebackup -h primary -U postgres -D "$PGDATA" -R -X stream -c fast; do
              rm -rf "$PGDATA"/*; sleep 1
            done
            chown -R postgres:postgres "$PGDATA" && chmod 700 "$PGDATA"
            exec gosu postgres postgres -c hot_standby=on
            """;

    private final Network network = Network.newNetwork();
    private final GenericContainer<?> redis = new GenericContainer<>("redis:7").withExposedPorts(6379);
    private final GenericContainer<?> primary = new GenericContainer<>("postgres:17")
            .withNetwork(network)
            .withNetworkAliases("primary")
            .withEnv("POSTGRES_HOST_AUTH_METHOD", "trust")
            .withCopyToContainer(Transferable.of(ALLOW_REPLICATION, 0755),
                    "/docker-entrypoint-initdb.d/allow-replication.sh")
            .withCommand("postgres", "-c", "wal_level=replica", "-c", "max_wal_senders=5", "-c", "hot_standby=on",
                    "-c", "synchronous_commit=on")
            .withExposedPorts(5432)
            .waitingFor(Wait.forLogMessage(".*database system is ready to accept connections.*", 2));
    private final GenericContainer<?> replica = new GenericContainer<>("postgres:17")
            .withNetwork(network)
            .withCreateContainerCmdModifier(cmd -> cmd.withEntrypoint("bash", "-c", STANDBY))
            .withExposedPorts(5432)
            .waitingFor(Wait.forLogMessage(".*ready to accept read-only connections.*", 1));

    ContainerTestInfrastructure() {
        redis.start();
        primary.start();
        replica.start();
    }

    @Override
    public String redisUri() {
        return "redis://" + redis.getHost() + ":" + redis.getMappedPort(6379);
    }

    @Override
    public String primaryJdbcUrl() {
        return jdbcUrl(primary);
    }

    @Override
    public String replicaJdbcUrl() {
        return jdbcUrl(replica);
    }

    @Override
    public String username() {
        return "postgres";
    }

    @Override
    public String password() {
        return "";
    }

    @Override
    public void close() {
        replica.stop();
        primary.stop();
        redis.stop();
        network.close();
    }

    private static String jdbcUrl(GenericContainer<?> postgres) {
        return "jdbc:postgresql://" + postgres.getHost() + ":" + postgres.getMappedPort(5432) + "/postgres";
    }
}
