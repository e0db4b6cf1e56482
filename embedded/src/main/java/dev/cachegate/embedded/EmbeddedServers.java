package dev.cachegate.embedded;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.embedded.RedisServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Real Redis, PostgreSQL primary and PostgreSQL streaming replica, started from binaries that Maven ships,
 * on free loopback ports, with their data in one temporary directory that {@link #close()} removes.
 *
 * <p>Design: the replica is made the way {@code pg_basebackup} would make it, without {@code pg_basebackup}
 * (zonky's bundle has only {@code initdb}, {@code pg_ctl} and {@code postgres}): the primary is initialised with
 * {@code wal_level=replica}, stopped cleanly, its data directory copied, the copy marked {@code standby.signal}
 * with a {@code primary_conninfo} pointing back at the primary, and both started. The primary runs with
 * {@code synchronous_commit=on} (zonky turns it off) so that the WAL position read after a commit is at or past that
 * commit; read-your-writes tokens depend on it. One instance serves both the {@code mn:run} embedded default and the
 * test suite.
 */
public final class EmbeddedServers implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedServers.class);
    private static final String HOST = "127.0.0.1";
    private static final String SUPERUSER = "postgres";
    private static final Duration PG_STARTUP_WAIT = Duration.ofSeconds(60);

    private final Path root;
    private final RedisServer redis;
    private final int redisPort;
    private final EmbeddedPostgres primary;
    private final EmbeddedPostgres replica;

    private EmbeddedServers(Path root, RedisServer redis, int redisPort, EmbeddedPostgres primary, EmbeddedPostgres replica) {
        this.root = root;
        this.redis = redis;
        this.redisPort = redisPort;
        this.primary = primary;
        this.replica = replica;
    }

    /**
     * Starts all three servers. On failure, whatever had started is stopped and the temporary directory removed.
     *
     * @return the running servers
     */
    public static EmbeddedServers start() {
        long started = System.nanoTime();
        Path root = createRoot();
        RedisServer redis = null;
        EmbeddedPostgres primary = null;
        try {
            int redisPort = freePort();
            redis = RedisServer.builder()
                    .port(redisPort)
                    .bind(HOST)
                    .setting("save \"\"")
                    .setting("appendonly no")
                    .setting("dir " + root)
                    .build();
            redis.start();

            Path primaryDir = root.resolve("primary");
            Path replicaDir = root.resolve("replica");
            EmbeddedPostgres initial = postgres(primaryDir, 0).start();
            int primaryPort = initial.getPort();
            initial.close();
            makeStandbyCopy(primaryDir, replicaDir, primaryPort);
            primary = postgres(primaryDir, primaryPort).start();
            EmbeddedPostgres standby = postgres(replicaDir, freePort()).start();

            EmbeddedServers servers = new EmbeddedServers(root, redis, redisPort, primary, standby);
            LOG.info("Embedded servers up in {} ms: redis {}, postgres primary {}, replica {} (data in {})",
                    (System.nanoTime() - started) / 1_000_000, servers.redisUri(), servers.primaryJdbcUrl(),
                    servers.replicaJdbcUrl(), root);
            return servers;
        } catch (IOException | RuntimeException e) {
            stopQuietly(redis, primary, null);
            deleteRecursively(root);
            throw new EmbeddedServersException("could not start the embedded Redis/PostgreSQL servers: " + e.getMessage(), e);
        }
    }

    private static EmbeddedPostgres.Builder postgres(Path dataDir, int port) {
        EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                .setDataDirectory(dataDir)
                .setCleanDataDirectory(false)
                .setPGStartupWait(PG_STARTUP_WAIT)
                .setServerConfig("listen_addresses", HOST)
                .setServerConfig("wal_level", "replica")
                .setServerConfig("max_wal_senders", "5")
                .setServerConfig("hot_standby", "on")
                .setServerConfig("synchronous_commit", "on")
                .setServerConfig("max_connections", "200");
        if (port > 0) {
            builder.setPort(port);
        }
        return builder;
    }

    private static void makeStandbyCopy(Path primaryDir, Path replicaDir, int primaryPort) throws IOException {
        copyRecursively(primaryDir, replicaDir);
        Files.deleteIfExists(replicaDir.resolve("postmaster.pid"));
        Files.deleteIfExists(replicaDir.resolve("epg-lock"));
        Files.writeString(replicaDir.resolve("standby.signal"), "");
        Files.writeString(replicaDir.resolve("postgresql.auto.conf"),
                "primary_conninfo = 'host=" + HOST + " port=" + primaryPort + " user=" + SUPERUSER
                        + " application_name=cachegate_replica'\n",
                java.nio.file.StandardOpenOption.APPEND);
        Files.setPosixFilePermissions(replicaDir, PosixFilePermissions.fromString("rwx------"));
    }

    /** @return {@code redis://127.0.0.1:<port>} */
    public String redisUri() {
        return "redis://" + HOST + ":" + redisPort;
    }

    /** @return JDBC URL of the primary's {@code postgres} database */
    public String primaryJdbcUrl() {
        return jdbcUrl(primary.getPort());
    }

    /** @return JDBC URL of the streaming replica's {@code postgres} database */
    public String replicaJdbcUrl() {
        return jdbcUrl(replica.getPort());
    }

    /** @return the database user of both servers (trust authentication on loopback, no password) */
    public String username() {
        return SUPERUSER;
    }

    /**
     * Starts a further streaming replica of the running primary, as {@code pg_basebackup} would without stopping it:
     * a physical replication slot reserves the WAL from now on, the data directory is copied between
     * {@code pg_backup_start} and {@code pg_backup_stop}, the copy gets the backup label, {@code standby.signal} and
     * a {@code primary_conninfo} using the slot, and starts. Used by tests of several replicas; the embedded default
     * starts one.
     *
     * @param name the replica's name: its directory under {@link #dataRoot()}, its slot and its
     *             {@code application_name}; letters, digits and underscores
     * @return the running replica; closing it stops it, drops its slot and deletes its data
     */
    public ExtraReplica addReplica(String name) {
        if (!name.matches("[a-z0-9_]+")) {
            throw new IllegalArgumentException("replica name must be [a-z0-9_]+ but was " + name);
        }
        Path dir = root.resolve(name);
        String slot = "cachegate_" + name;
        try (Connection connection = DriverManager.getConnection(primaryJdbcUrl(), SUPERUSER, "");
             Statement statement = connection.createStatement()) {
            statement.execute("SELECT pg_create_physical_replication_slot('" + slot + "', true)");
            statement.execute("SELECT pg_backup_start('" + slot + "', true)");
            copyLive(root.resolve("primary"), dir);
            try (ResultSet stop = statement.executeQuery("SELECT labelfile FROM pg_backup_stop(false)")) {
                stop.next();
                Files.writeString(dir.resolve("backup_label"), stop.getString(1));
            }
            Files.writeString(dir.resolve("standby.signal"), "");
            Files.writeString(dir.resolve("postgresql.auto.conf"),
                    "primary_conninfo = 'host=" + HOST + " port=" + primary.getPort() + " user=" + SUPERUSER
                            + " application_name=" + slot + "'\nprimary_slot_name = '" + slot + "'\n",
                    java.nio.file.StandardOpenOption.APPEND);
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
            EmbeddedPostgres standby = postgres(dir, freePort()).start();
            LOG.info("Extra replica {} up on port {}", name, standby.getPort());
            return new ExtraReplica(this, standby, dir, slot);
        } catch (SQLException | IOException e) {
            dropSlot(slot);
            deleteRecursively(dir);
            throw new EmbeddedServersException("could not start replica " + name + ": " + e.getMessage(), e);
        }
    }

    /** A replica started by {@link #addReplica}. */
    public static final class ExtraReplica implements AutoCloseable {

        private final EmbeddedServers servers;
        private final EmbeddedPostgres server;
        private final Path dataDirectory;
        private final String slot;

        private ExtraReplica(EmbeddedServers servers, EmbeddedPostgres server, Path dataDirectory, String slot) {
            this.servers = servers;
            this.server = server;
            this.dataDirectory = dataDirectory;
            this.slot = slot;
        }

        /** @return its JDBC URL */
        public String jdbcUrl() {
            return EmbeddedServers.jdbcUrl(server.getPort());
        }

        /** @return its data directory */
        public Path dataDirectory() {
            return dataDirectory;
        }

        /** Stops it (if it still runs), drops its slot and deletes its data. */
        @Override
        public void close() {
            stopQuietly(null, null, server);
            servers.dropSlot(slot);
            deleteRecursively(dataDirectory);
        }
    }

    private void dropSlot(String slot) {
        try (Connection connection = DriverManager.getConnection(primaryJdbcUrl(), SUPERUSER, "");
             Statement statement = connection.createStatement()) {
            statement.execute("SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots "
                    + "WHERE slot_name = '" + slot + "' AND NOT active");
        } catch (SQLException e) {
            LOG.warn("Could not drop replication slot {}: {}", slot, e.toString());
        }
    }

    /** Copies a running server's data directory, leaving out what a base backup leaves out. */
    private static void copyLive(Path from, Path to) throws IOException {
        Set<String> skipped = Set.of("postmaster.pid", "postmaster.opts", "epg-lock", "backup_label");
        Set<String> emptied = Set.of("pg_wal", "pg_replslot", "pg_stat_tmp", "pg_dynshmem", "pg_notify",
                "pg_serial", "pg_snapshots", "pg_subtrans");
        Files.walkFileTree(from, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attributes) throws IOException {
                Path relative = from.relativize(dir);
                Files.createDirectories(to.resolve(relative.toString()));
                return emptied.contains(relative.toString()) ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
                Path relative = from.relativize(file);
                if (!skipped.contains(relative.toString())) {
                    try {
                        Files.copy(file, to.resolve(relative.toString()));
                    } catch (NoSuchFileException vanished) {
                        LOG.debug("{} went away during the copy", file);
                    }
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
                if (e instanceof NoSuchFileException) {
                    return FileVisitResult.CONTINUE;
                }
                throw e;
            }
        });
        Files.createDirectories(to.resolve("pg_wal").resolve("archive_status"));
    }

    /** @return the directory holding every server's data; removed by {@link #close()} */
    public Path dataRoot() {
        return root;
    }

    /**
     * The configuration that points cachegate at these servers; the keys are the ones production sets from
     * {@code REDIS_URI}, {@code DATASOURCES_PRIMARY_URL} and {@code DATASOURCES_REPLICA_URL}.
     *
     * @return property name to value
     */
    public Map<String, Object> properties() {
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("redis.uri", redisUri());
        properties.put("datasources.primary.url", primaryJdbcUrl());
        properties.put("datasources.primary.username", username());
        properties.put("datasources.primary.password", "");
        properties.put("datasources.replica.url", replicaJdbcUrl());
        properties.put("datasources.replica.username", username());
        properties.put("datasources.replica.password", "");
        return properties;
    }

    /** Stops the replica, the primary and Redis, then deletes the data directory. Safe to call twice. */
    @Override
    public synchronized void close() {
        stopQuietly(redis, primary, replica);
        deleteRecursively(root);
        LOG.info("Embedded servers stopped, {} removed", root);
    }

    private static String jdbcUrl(int port) {
        return "jdbc:postgresql://" + HOST + ":" + port + "/postgres";
    }

    private static void stopQuietly(@Nullable RedisServer redis, @Nullable EmbeddedPostgres primary,
                                    @Nullable EmbeddedPostgres replica) {
        for (AutoCloseable server : new AutoCloseable[] {replica, primary}) {
            if (server != null) {
                try {
                    server.close();
                } catch (Exception e) {
                    LOG.warn("Could not stop embedded PostgreSQL: {}", e.toString());
                }
            }
        }
        if (redis != null && redis.isActive()) {
            try {
                redis.stop();
            } catch (RuntimeException e) {
                LOG.warn("Could not stop embedded Redis: {}", e.toString());
            }
        }
    }

    private static Path createRoot() {
        try {
            return Files.createTempDirectory("cachegate-embedded-");
        } catch (IOException e) {
            throw new UncheckedIOException("could not create a temporary directory for the embedded servers", e);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getByName(HOST))) {
            return socket.getLocalPort();
        }
    }

    private static void copyRecursively(Path from, Path to) throws IOException {
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path source : (Iterable<Path>) paths::iterator) {
                Path target = to.resolve(from.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(source, target);
                }
            }
        }
    }

    private static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> {
                try {
                    Files.deleteIfExists(path);
                } catch (IOException e) {
                    LOG.warn("Could not delete {}: {}", path, e.toString());
                }
            });
        } catch (IOException e) {
            LOG.warn("Could not delete {}: {}", dir, e.toString());
        }
    }
}
