package dev.cachegate.bench;

import java.net.URI;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the instances say about their change feed while a fault runs: every instance's {@code /prometheus} once a
 * second ({@code cachegate_changes_trusted}, {@code cachegate_changes_watermark_age_seconds}), and, when asked, one
 * instance's {@code /health} for the replica ({@code stalenessSeconds}, {@code servesReads}). Keeps the extremes and
 * how many samples were untrusted; a gauge an instance does not export stays NaN.
 */
final class ChangeFeedSampler implements AutoCloseable {

    private static final String CACHE = "products";

    private final StackControl stack;
    private final List<URI> instances;
    private final URI replicaHealth;
    private final double[] minTrusted;
    private final double[] maxWatermarkAge;
    private final int[] untrustedSamples;
    private final int[] samples;
    private double replicaMaxStaleness = Double.NaN;
    private int replicaNotServing;
    private int replicaSamples;
    private volatile boolean running;
    private Thread thread;

    /** @param replicaHealth the instance whose {@code /health} replica details are sampled, or null for none */
    ChangeFeedSampler(StackControl stack, URI replicaHealth) {
        this.stack = stack;
        this.instances = stack.instances();
        this.replicaHealth = replicaHealth;
        int n = instances.size();
        this.minTrusted = filled(n);
        this.maxWatermarkAge = filled(n);
        this.untrustedSamples = new int[n];
        this.samples = new int[n];
    }

    private static double[] filled(int n) {
        double[] values = new double[n];
        Arrays.fill(values, Double.NaN);
        return values;
    }

    void start() {
        running = true;
        thread = Thread.ofPlatform().name("change-feed-sampler").daemon().start(this::sample);
    }

    private void sample() {
        long next = System.nanoTime();
        while (running) {
            for (int i = 0; i < instances.size(); i++) {
                try {
                    Prometheus p = Prometheus.scrape(instances.get(i));
                    double trusted = p.value("cachegate_changes_trusted", "cache", CACHE);
                    minTrusted[i] = Stats.lowest(minTrusted[i], trusted);
                    maxWatermarkAge[i] = Stats.highest(maxWatermarkAge[i],
                            p.value("cachegate_changes_watermark_age_seconds", "cache", CACHE));
                    samples[i]++;
                    if (trusted == 0) {
                        untrustedSamples[i]++;
                    }
                } catch (InterruptedException e) {
                    return;
                } catch (Exception e) {
                    Benchmark.progress("  sampler: %s/prometheus: %s", instances.get(i), e.getMessage());
                }
            }
            if (replicaHealth != null) {
                try {
                    Map<String, Object> replica = Tree.map(stack.health(replicaHealth), "details.replica.details");
                    replicaMaxStaleness = Stats.highest(replicaMaxStaleness, Tree.num(replica, "stalenessSeconds"));
                    replicaSamples++;
                    if (Boolean.FALSE.equals(replica.get("servesReads"))) {
                        replicaNotServing++;
                    }
                } catch (InterruptedException e) {
                    return;
                } catch (Exception e) {
                    Benchmark.progress("  sampler: %s/health: %s", replicaHealth, e.getMessage());
                }
            }
            next += 1_000_000_000L;
            long wait = next - System.nanoTime();
            if (wait > 0) {
                try {
                    Thread.sleep(wait / 1_000_000);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }
    }

    /**
     * @param affected indices of the instances the fault is aimed at
     * @return per instance and over the affected ones: lowest trusted, highest watermark age, untrusted samples
     */
    Map<String, Object> stop(List<Integer> affected) throws InterruptedException {
        running = false;
        if (thread != null) {
            thread.join();
        }
        List<Map<String, Object>> perInstance = new ArrayList<>();
        double affectedTrusted = Double.NaN;
        double affectedAge = Double.NaN;
        for (int i = 0; i < instances.size(); i++) {
            Map<String, Object> one = new LinkedHashMap<>();
            one.put("instance", instances.get(i).toString());
            one.put("samples", samples[i]);
            one.put("minTrusted", minTrusted[i]);
            one.put("maxWatermarkAgeSeconds", maxWatermarkAge[i]);
            one.put("untrustedSamples", untrustedSamples[i]);
            perInstance.add(one);
            if (affected.contains(i)) {
                affectedTrusted = Stats.lowest(affectedTrusted, minTrusted[i]);
                affectedAge = Stats.highest(affectedAge, maxWatermarkAge[i]);
            }
        }
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("affected", affected.stream().map(i -> "app" + (i + 1)).toList());
        result.put("affectedMinTrusted", affectedTrusted);
        result.put("affectedMaxWatermarkAgeSeconds", affectedAge);
        result.put("instances", perInstance);
        if (replicaHealth != null) {
            Map<String, Object> replica = new LinkedHashMap<>();
            replica.put("sampledOn", replicaHealth.toString());
            replica.put("samples", replicaSamples);
            replica.put("maxStalenessSeconds", replicaMaxStaleness);
            replica.put("notServingSamples", replicaNotServing);
            result.put("replica", replica);
        }
        return result;
    }

    @Override
    public void close() {
        running = false;
    }
}
