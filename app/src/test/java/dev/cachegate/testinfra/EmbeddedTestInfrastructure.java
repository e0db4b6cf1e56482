package dev.cachegate.testinfra;

import dev.cachegate.embedded.EmbeddedServers;

/** The default provider: the very servers of the embedded default, from binaries that Maven ships. */
final class EmbeddedTestInfrastructure implements TestInfrastructure {

    private final EmbeddedServers servers = EmbeddedServers.start();

    @Override
    public String redisUri() {
        return servers.redisUri();
    }

    @Override
    public String primaryJdbcUrl() {
        return servers.primaryJdbcUrl();
    }

    @Override
    public String replicaJdbcUrl() {
        return servers.replicaJdbcUrl();
    }

    @Override
    public String username() {
        return servers.username();
    }

    @Override
    public String password() {
        return "";
    }

    @Override
    public EmbeddedServers.ExtraReplica addReplica(String name) {
        return servers.addReplica(name);
    }

    @Override
    public void close() {
        servers.close();
    }
}
