package dev.cachegate.bench;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * C3, the stores' own ceilings in the same run: {@code redis-benchmark} GET against the cache role's Redis, and
 * {@code pgbench} selecting one product by primary key on the replica (where cache loads read), each with many
 * clients (throughput) and with one (the round trip a single call pays).
 */
final class Ceilings {

    private static final Pattern TPS = Pattern.compile("tps = ([0-9.]+)");
    private static final Pattern LATENCY = Pattern.compile("latency average = ([0-9.]+) ms");

    private Ceilings() {
    }

    static Map<String, Object> storeRoundTrips(StackControl stack) throws IOException, InterruptedException {
        URI redis = URI.create(stack.get("REDIS_CACHE_URI"));
        Map<String, Object> c3 = new LinkedHashMap<>();
        c3.put("what", "redis-benchmark GET (cache role) and pgbench -S-style SELECT by primary key (replica)");
        double[] many = redisGet(redis, 50, 200_000);
        double[] one = redisGet(redis, 1, 20_000);
        c3.put("redisGetOpsPerSec", many[0]);
        c3.put("redisGetP50Millis", one[1]);
        c3.put("redisGetP50MillisAt50Clients", many[1]);
        Path script = Files.createTempFile("cachegate-pgbench-", ".sql");
        Files.writeString(script, "\\set id random(1, 50000)\nSELECT * FROM products WHERE id = :id;\n");
        try {
            double[] pgMany = pgbench(stack.get("PG_REPLICA_URL"), script, 8);
            double[] pgOne = pgbench(stack.get("PG_REPLICA_URL"), script, 1);
            c3.put("pgSelectTps", pgMany[0]);
            c3.put("pgSelectMillis", pgOne[1]);
        } finally {
            Files.deleteIfExists(script);
        }
        return c3;
    }

    /** @return ops/s and p50 ms */
    private static double[] redisGet(URI redis, int clients, int requests) throws IOException, InterruptedException {
        String[] user = redis.getUserInfo().split(":", 2);
        String csv = StackControl.run(new ProcessBuilder("redis-benchmark", "-h", redis.getHost(), "-p",
                Integer.toString(redis.getPort()), "--user", user[0], "-a", user[1], "-t", "get", "-n",
                Integer.toString(requests), "-c", Integer.toString(clients), "-q", "--csv").redirectErrorStream(true),
                "redis-benchmark");
        return parseRedisCsv(csv);
    }

    static double[] parseRedisCsv(String csv) {
        for (String line : csv.split("\n")) {
            if (line.startsWith("\"GET\"")) {
                List<String> cells = List.of(line.replace("\"", "").split(","));
                return new double[] {Double.parseDouble(cells.get(1)), Double.parseDouble(cells.get(4))};
            }
        }
        throw new IllegalArgumentException("no GET line in redis-benchmark output: " + csv);
    }

    /** @return transactions/s and mean latency ms */
    private static double[] pgbench(String url, Path script, int clients) throws IOException, InterruptedException {
        String output = StackControl.run(new ProcessBuilder("pgbench", "-n", "-M", "prepared", "-c",
                Integer.toString(clients), "-j", Integer.toString(Math.min(clients, 2)), "-T", "5", "-f",
                script.toString(), url).redirectErrorStream(true), "pgbench");
        return parsePgbench(output);
    }

    static double[] parsePgbench(String output) {
        Matcher tps = TPS.matcher(output);
        Matcher latency = LATENCY.matcher(output);
        if (!tps.find() || !latency.find()) {
            throw new IllegalArgumentException("no tps/latency in pgbench output: " + output);
        }
        return new double[] {Double.parseDouble(tps.group(1)), Double.parseDouble(latency.group(1))};
    }
}
