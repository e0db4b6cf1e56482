package dev.cachegate.testinfra;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.sentinel.api.StatefulRedisSentinelConnection;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

/**
 * A Redis primary, one replica and three Sentinels (quorum 2) from Debian's {@code redis-server} and
 * {@code redis-sentinel}, on free loopback ports in a temporary directory: started once per test JVM on first use,
 * stopped (and the directory deleted) when the JVM exits. Nothing is persisted: a killed node comes back empty and
 * resynchronises from the primary of the moment, so what survives a failover is what replication carried.
 *
 * <p>Sentinels mark the primary down after {@value #DOWN_AFTER_MILLIS} ms without an answer and fail over within
 * {@value #FAILOVER_TIMEOUT_MILLIS} ms. Tests share it: they isolate by their own keys, and one that kills the primary
 * waits for {@link #awaitHealthy} before it ends.
 */
public final class SentinelRedis {

    /** The monitored primary's name, the URI's {@code #fragment}. */
    public static final String MASTER = "mymaster";

    private static final int DOWN_AFTER_MILLIS = 1000;
    private static final int FAILOVER_TIMEOUT_MILLIS = 5000;
    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);

    private final Path dir;
    private final Map<Integer, Process> nodes = new ConcurrentHashMap<>();
    private final List<Process> sentinels = new ArrayList<>();
    private final List<Integer> sentinelPorts = new ArrayList<>();
    private final RedisClient admin = RedisClient.create();

    private SentinelRedis() throws IOException {
        dir = Files.createTempDirectory("cachegate-sentinel-");
    }

    /** @return the running servers, started on first use */
    public static SentinelRedis get() {
        return Holder.INSTANCE;
    }

    /** @return {@code redis-sentinel://127.0.0.1:s1,127.0.0.1:s2,127.0.0.1:s3/0#mymaster} */
    public String uri() {
        StringBuilder uri = new StringBuilder("redis-sentinel://");
        for (int i = 0; i < sentinelPorts.size(); i++) {
            uri.append(i == 0 ? "" : ",").append("127.0.0.1:").append(sentinelPorts.get(i));
        }
        return uri.append("/0#").append(MASTER).toString();
    }

    /** @return the port of the primary the Sentinels name now */
    public int primaryPort() {
        try (StatefulRedisSentinelConnection<String, String> sentinel = sentinel()) {
            SocketAddress address = sentinel.sync().getMasterAddrByName(MASTER);
            return ((InetSocketAddress) address).getPort();
        }
    }

    /**
     * SIGKILLs the current primary: no shutdown, no last write, its memory gone.
     *
     * @return its port
     */
    public int killPrimary() {
        int port = primaryPort();
        Process primary = nodes.remove(port);
        primary.destroyForcibly();
        try {
            primary.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return port;
    }

    /**
     * SIGSTOPs the replica: it reads nothing until {@link #resume}, so once the kernel's socket buffers are full, what
     * the primary sends it waits in the primary's memory, as behind a replica that lags. Resume it before
     * {@value #DOWN_AFTER_MILLIS} ms, or the Sentinels mark it down and will not promote it.
     *
     * @return its port
     */
    public int stallReplica() {
        int primary = primaryPort();
        int replica = nodes.keySet().stream().filter(port -> port != primary).findFirst().orElseThrow();
        signal("-STOP", replica);
        return replica;
    }

    /** SIGCONTs a node stalled by {@link #stallReplica}. */
    public void resume(int port) {
        signal("-CONT", port);
    }

    private void signal(String signal, int port) {
        try {
            int exit = new ProcessBuilder("kill", signal, Long.toString(nodes.get(port).pid())).inheritIO().start()
                    .waitFor();
            if (exit != 0) {
                throw new IllegalStateException("kill " + signal + " of redis-server on " + port + " exited " + exit);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * Waits until the Sentinels name a primary other than {@code port}.
     *
     * @return the new primary's port
     */
    public int awaitNewPrimary(int port, Duration timeout) {
        await(() -> primaryPort() != port, timeout, "a Sentinel failover away from port " + port);
        return primaryPort();
    }

    /** Starts a node killed by {@link #killPrimary} again, empty, as a replica of the current primary. */
    public void restartAsReplica(int port) {
        startNode(port, primaryPort());
    }

    /** Waits until the primary has a replica in sync and every Sentinel knows both and the other Sentinels. */
    public void awaitHealthy(Duration timeout) {
        await(this::healthy, timeout, "Sentinel topology healthy (a primary, a replica in sync, 3 Sentinels)");
    }

    /** @return a new connection to the node on {@code port}; the caller closes it */
    public StatefulRedisConnection<String, String> connect(int port) {
        return admin.connect(RedisURI.create("127.0.0.1", port));
    }

    private boolean healthy() {
        try (StatefulRedisConnection<String, String> primary = connect(primaryPort())) {
            String replication = primary.sync().info("replication");
            if (!replication.contains("role:master") || !replication.contains("connected_slaves:1")
                    || !replication.contains("state=online")) {
                return false;
            }
        } catch (RuntimeException e) {
            return false;
        }
        for (int port : sentinelPorts) {
            try (StatefulRedisSentinelConnection<String, String> sentinel =
                         admin.connectSentinel(RedisURI.create("127.0.0.1", port))) {
                Map<String, String> master = sentinel.sync().master(MASTER);
                if (!"2".equals(master.get("num-other-sentinels")) || !"1".equals(master.get("num-slaves"))
                        || !master.get("flags").equals("master")) {
                    return false;
                }
                List<Map<String, String>> replicas = sentinel.sync().replicas(MASTER);
                if (replicas.stream().anyMatch(r -> r.get("flags").contains("down"))) {
                    return false;
                }
            } catch (RuntimeException e) {
                return false;
            }
        }
        return true;
    }

    private StatefulRedisSentinelConnection<String, String> sentinel() {
        RuntimeException last = null;
        for (int port : sentinelPorts) {
            try {
                return admin.connectSentinel(RedisURI.create("127.0.0.1", port));
            } catch (RuntimeException e) {
                last = e;
            }
        }
        throw new IllegalStateException("no Sentinel answers", last);
    }

    private void start() throws IOException {
        requireBinary("redis-server");
        requireBinary("redis-sentinel");
        int primary = OwnRedis.freePort();
        startNode(primary, 0);
        startNode(OwnRedis.freePort(), primary);
        for (int i = 0; i < 3; i++) {
            int port = OwnRedis.freePort();
            Path config = dir.resolve("sentinel-" + port + ".conf");
            Files.writeString(config, String.join("\n",
                    "port " + port,
                    "bind 127.0.0.1",
                    "dir " + dir,
                    "logfile " + dir.resolve("sentinel-" + port + ".log"),
                    "sentinel monitor " + MASTER + " 127.0.0.1 " + primary + " 2",
                    "sentinel down-after-milliseconds " + MASTER + " " + DOWN_AFTER_MILLIS,
                    "sentinel failover-timeout " + MASTER + " " + FAILOVER_TIMEOUT_MILLIS,
                    "sentinel parallel-syncs " + MASTER + " 1", ""));
            sentinels.add(launch(List.of("redis-sentinel", config.toString())));
            sentinelPorts.add(port);
        }
        awaitHealthy(START_TIMEOUT);
    }

    private void startNode(int port, int primaryPort) {
        List<String> command = new ArrayList<>(List.of("redis-server", "--port", Integer.toString(port),
                "--bind", "127.0.0.1", "--dir", dir.toString(), "--save", "", "--appendonly", "no",
                "--repl-diskless-sync-delay", "0", "--logfile", dir.resolve("redis-" + port + ".log").toString()));
        if (primaryPort != 0) {
            command.addAll(List.of("--replicaof", "127.0.0.1", Integer.toString(primaryPort)));
        }
        nodes.put(port, launch(command));
        await(() -> {
            try (StatefulRedisConnection<String, String> node = connect(port)) {
                return "PONG".equals(node.sync().ping());
            } catch (RuntimeException e) {
                return false;
            }
        }, START_TIMEOUT, "redis-server on port " + port);
    }

    private Process launch(List<String> command) {
        try {
            return new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(dir.resolve("process-" + System.nanoTime() + ".out").toFile()).start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void stop() {
        nodes.values().forEach(Process::destroyForcibly);
        sentinels.forEach(Process::destroyForcibly);
        admin.shutdown();
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(file -> file.toFile().delete());
        } catch (IOException e) {
            System.err.println("Could not delete " + dir + ": " + e);
        }
    }

    private static void requireBinary(String name) {
        boolean found = Stream.of(System.getenv().getOrDefault("PATH", "").split(":"), new String[] {"/usr/bin"})
                .flatMap(Stream::of).anyMatch(folder -> Files.isExecutable(Path.of(folder, name)));
        if (!found) {
            throw new IllegalStateException("The Sentinel tests need Debian's " + name
                    + ": apt-get update && apt-get install -y redis-server redis-sentinel");
        }
    }

    private static void await(BooleanSupplier condition, Duration timeout, String what) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("timed out after " + timeout + " waiting for " + what);
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    private static final class Holder {
        static final SentinelRedis INSTANCE = create();

        private static SentinelRedis create() {
            try {
                SentinelRedis servers = new SentinelRedis();
                Runtime.getRuntime().addShutdownHook(new Thread(servers::stop, "sentinel-redis-stop"));
                servers.start();
                return servers;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
