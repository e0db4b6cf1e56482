package dev.cachegate.launch;

import dev.cachegate.embedded.EmbeddedServers;

import java.util.Map;

/** {@link LocalServers} backed by {@link EmbeddedServers}; loaded only once its class is known to be present. */
final class EmbeddedLocalServers implements LocalServers {

    static final String SERVERS_CLASS = "dev.cachegate.embedded.EmbeddedServers";

    private final EmbeddedServers servers;

    private EmbeddedLocalServers(EmbeddedServers servers) {
        this.servers = servers;
    }

    static LocalServers start() {
        return new EmbeddedLocalServers(EmbeddedServers.start());
    }

    @Override
    public Map<String, Object> properties() {
        return servers.properties();
    }

    @Override
    public void close() {
        servers.close();
    }
}
