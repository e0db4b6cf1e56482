package dev.cachegate.testinfra;

import io.lettuce.core.RedisURI;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.SlotHash;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A real Redis Cluster of three primaries, each with one replica, from Debian's {@code redis-server} and
 * {@code redis-cli}, on loopback ports in a temporary directory; started once per test JVM ({@link #shared()}) and
 * stopped when the JVM exits. Node timeout 2 s, so a killed primary's replica takes over in a few seconds. Nothing
 * is persisted but each node's {@code nodes.conf}, so a killed node restarted on its port rejoins as a replica. A
 * replica may take over however long it was cut off ({@code cluster-replica-validity-factor 0}), so a test can
 * stall one before it kills its primary.
 */
public final class RedisCluster implements AutoCloseable {

    private static final Path REDIS_SERVER = Path.of("/usr/bin/redis-server");
    private static final Path REDIS_CLI = Path.of("/usr/bin/redis-cli");
    private static final Duration NODE_TIMEOUT = Duration.ofSeconds(2);
    /** Each node's cluster bus listens 10,000 ports above its own, so both must be free. */
    private static final int BUS_OFFSET = 10_000;

    private final Path directory;
    private final List<Integer> ports;
    private final Map<Integer, Process> processes = new ConcurrentHashMap<>();

    private RedisCluster(Path directory, List<Integer> ports) {
        this.directory = directory;
        this.ports = List.copyOf(ports);
    }

    /** The system property that runs the applications of the tests on this cluster instead of one Redis. */
    public static final String PROPERTY = "cachegate.test.redis";

    /**
     * @return whether {@code -Dcachegate.test.redis=cluster} asks for the applications under test to use this
     *         cluster for both Redis roles (tests that talk to Redis themselves still use the shared single server)
     */
    public static boolean selected() {
        return "cluster".equals(System.getProperty(PROPERTY, "single"));
    }

    /** @return the cluster shared by this JVM's tests */
    public static RedisCluster shared() {
        return Holder.INSTANCE;
    }

    private static final class Holder {
        static final RedisCluster INSTANCE = start();

        private static RedisCluster start() {
            RedisCluster cluster = started(6);
            Runtime.getRuntime().addShutdownHook(new Thread(cluster::close, "redis-cluster-shutdown"));
            return cluster;
        }
    }

    /**
     * @param nodes how many nodes, half primaries and half their replicas
     * @return a cluster with every slot served
     */
    static RedisCluster started(int nodes) {
        for (Path binary : List.of(REDIS_SERVER, REDIS_CLI)) {
            if (!Files.isExecutable(binary)) {
                throw new IllegalStateException(binary + " is missing: the Redis Cluster tests need Debian's Redis "
                        + "(apt-get install -y redis-server)");
            }
        }
        try {
            List<Integer> ports = new ArrayList<>();
            while (ports.size() < nodes) {
                int port = OwnRedis.freePort();
                if (port + BUS_OFFSET <= 65535 && free(port + BUS_OFFSET) && !ports.contains(port)) {
                    ports.add(port);
                }
            }
            RedisCluster cluster = new RedisCluster(Files.createTempDirectory("cachegate-redis-cluster"), ports);
            try {
                ports.forEach(cluster::startNode);
                List<String> create = new ArrayList<>(List.of(REDIS_CLI.toString(), "--cluster", "create"));
                ports.forEach(port -> create.add("127.0.0.1:" + port));
                create.addAll(List.of("--cluster-replicas", "1", "--cluster-yes"));
                run(create);
                cluster.awaitHealthy(Duration.ofSeconds(30));
                return cluster;
            } catch (RuntimeException e) {
                cluster.close();
                throw e;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @return the seed URI cachegate takes: {@code redis://h1:p1,h2:p2,…} */
    public String uri() {
        return "redis://" + ports.stream().map(port -> "127.0.0.1:" + port).collect(Collectors.joining(","));
    }

    /** @return a new client of this cluster; the caller shuts it down */
    public RedisClusterClient client() {
        return RedisClusterClient.create(ports.stream().map(port -> RedisURI.create("127.0.0.1", port)).toList());
    }

    /**
     * @param key a Redis key or shard channel
     * @return the port of the primary that serves its slot now
     */
    public int primaryOf(String key) {
        int slot = SlotHash.getSlot(key);
        for (String line : nodes()) {
            String[] fields = line.split(" ");
            if (!fields[2].contains("master") || fields[2].contains("fail") || fields.length < 9) {
                continue;
            }
            for (int i = 8; i < fields.length; i++) {
                String[] range = fields[i].split("-");
                int from = Integer.parseInt(range[0]);
                int to = range.length > 1 ? Integer.parseInt(range[1]) : from;
                if (slot >= from && slot <= to) {
                    return port(fields[1]);
                }
            }
        }
        throw new IllegalStateException("no primary serves slot " + slot + ": " + nodes());
    }

    /**
     * @param primary a primary's port
     * @return the port of one of its replicas
     */
    public int replicaOf(int primary) {
        int[] replica = new int[1];
        await(Duration.ofSeconds(20), () -> {
            String id = nodes().stream().filter(line -> port(line.split(" ")[1]) == primary).findFirst()
                    .orElseThrow().split(" ")[0];
            replica[0] = nodes().stream().map(line -> line.split(" "))
                    .filter(fields -> fields[3].equals(id) && !fields[2].contains("fail"))
                    .mapToInt(fields -> port(fields[1])).findFirst().orElse(0);
            return replica[0] != 0;
        }, "a replica of primary " + primary + " (a demoted primary turns replica a moment after a failover)");
        return replica[0];
    }

    /**
     * A manual failover ({@code CLUSTER FAILOVER} on a replica), which the primary agrees to: no write is lost.
     *
     * @param primary the primary to demote
     * @return the port of the replica that became primary
     */
    public int failover(int primary) {
        int replica = replicaOf(primary);
        command(replica, "CLUSTER", "FAILOVER");
        awaitPrimary(replica, Duration.ofSeconds(20));
        await(Duration.ofSeconds(20), () -> command(primary, "ROLE").startsWith("slave"),
                "the demoted primary " + primary + " to follow " + replica);
        return replica;
    }

    /**
     * @param port a node to SIGKILL; its replica takes over after the node timeout
     */
    public void kill(int port) {
        Process process = processes.remove(port);
        if (process != null) {
            process.destroyForcibly();
            try {
                process.waitFor();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * Stops a node with SIGSTOP, as a stalled replica or a long GC pause looks to its primary: it keeps its
     * connections but reads nothing, so writes pile up unreplicated behind it.
     *
     * @param port a live node
     */
    public void pause(int port) {
        signal("STOP", port);
    }

    /** @param port a node {@link #pause(int) paused} before, to let run again */
    public void resume(int port) {
        signal("CONT", port);
    }

    private void signal(String signal, int port) {
        run(List.of("kill", "-" + signal, Long.toString(processes.get(port).pid())));
    }

    /** @param port a killed node to start again on its port; it rejoins, as a replica if it was replaced */
    public void restart(int port) {
        startNode(port);
    }

    /**
     * @param port    the node expected to become a primary
     * @param timeout how long to wait
     */
    public void awaitPrimary(int port, Duration timeout) {
        long start = System.nanoTime();
        await(timeout, () -> command(port, "ROLE").startsWith("master"), "node " + port + " to become primary");
        long promoted = System.nanoTime();
        awaitHealthy(timeout);
        System.out.printf("redis cluster: node %d primary after %d ms, cluster ok %d ms later%n", port,
                (promoted - start) / 1_000_000, (System.nanoTime() - promoted) / 1_000_000);
    }

    /** @param timeout how long to wait until every live node says {@code cluster_state:ok} */
    public void awaitHealthy(Duration timeout) {
        await(timeout, () -> processes.keySet().stream()
                .allMatch(port -> command(port, "CLUSTER", "INFO").contains("cluster_state:ok")), "cluster_state:ok");
    }

    /**
     * @param parameter a configuration parameter to set on every live node, e.g. {@code maxmemory}
     * @param value     its value
     */
    public void configSetEverywhere(String parameter, String value) {
        processes.keySet().forEach(port -> command(port, "CONFIG", "SET", parameter, value));
    }

    /**
     * @param port a live node
     * @param args a command and its arguments
     * @return what {@code redis-cli} printed
     */
    public String command(int port, String... args) {
        List<String> command = new ArrayList<>(List.of(REDIS_CLI.toString(), "-p", Integer.toString(port)));
        Collections.addAll(command, args);
        return run(command);
    }

    private List<String> nodes() {
        Integer any = processes.keySet().stream().findFirst().orElseThrow();
        return command(any, "CLUSTER", "NODES").lines().filter(line -> !line.isBlank()).toList();
    }

    private static String readIfPresent(Path file) throws IOException {
        return Files.exists(file) ? Files.readString(file) : "";
    }

    private static boolean free(int port) {
        try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getByName("127.0.0.1"))) {
            return socket.getLocalPort() == port;
        } catch (IOException e) {
            return false;
        }
    }

    private static int port(String address) {
        String hostPort = address.split("@")[0];
        return Integer.parseInt(hostPort.substring(hostPort.lastIndexOf(':') + 1));
    }

    private void startNode(int port) {
        try {
            Path dir = Files.createDirectories(directory.resolve(Integer.toString(port)));
            Process process = new ProcessBuilder(REDIS_SERVER.toString(), "--port", Integer.toString(port),
                    "--bind", "127.0.0.1", "--dir", dir.toString(), "--cluster-enabled", "yes",
                    "--cluster-config-file", "nodes.conf", "--cluster-node-timeout",
                    Long.toString(NODE_TIMEOUT.toMillis()), "--cluster-replica-validity-factor", "0",
                    "--save", "", "--appendonly", "no",
                    "--daemonize", "no", "--logfile", dir.resolve("redis.log").toString())
                    .redirectErrorStream(true).redirectOutput(dir.resolve("stdout.log").toFile()).start();
            processes.put(port, process);
            try {
                await(Duration.ofSeconds(10), () -> command(port, "PING").contains("PONG"), "node " + port);
            } catch (IllegalStateException e) {
                throw new IllegalStateException(e.getMessage() + "; its log: "
                        + readIfPresent(dir.resolve("stdout.log")) + readIfPresent(dir.resolve("redis.log")), e);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String run(List<String> command) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes());
            if (process.waitFor() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed: " + output);
            }
            return output;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void await(Duration timeout, java.util.function.BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + timeout.toNanos();
        RuntimeException last = null;
        while (System.nanoTime() < deadline) {
            try {
                if (condition.getAsBoolean()) {
                    return;
                }
            } catch (RuntimeException e) {
                last = e;
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        throw new IllegalStateException("timed out after " + timeout + " waiting for " + what, last);
    }

    @Override
    public void close() {
        processes.keySet().forEach(this::kill);
        try (Stream<Path> files = Files.walk(directory)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
