package dev.cachegate.redis;

import dev.cachegate.payments.PaymentsTesting;
import dev.cachegate.testinfra.Browser;
import dev.cachegate.testinfra.Cluster;
import dev.cachegate.testinfra.SentinelRedis;
import dev.cachegate.testinfra.UsesSharedServers;
import io.lettuce.core.SetArgs;
import io.micronaut.runtime.server.EmbeddedServer;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The state role behind Redis Sentinel ({@link SentinelRedis}: a primary, a replica, 3 Sentinels), its primary
 * SIGKILLed while its replica lags (stalled for {@code STALL}, the kernel's socket buffers filled, so the tail of the
 * replication stream is in the primary's memory only, as behind a slow link), under a loop of catalog reads, logins
 * with {@code /me} (every fourth then logged out), and idempotent payments each sent to both instances: no catalog
 * 5xx, exactly one payment row and one provider charge per key, every session whose login was acknowledged (200)
 * still logged in once the state Redis has failed over, and every acknowledged (204) logout still logged out. Logins
 * may be refused (503) while there is no primary, or no replica to acknowledge them; the figures are printed.
 */
class SentinelFailoverIT {

    private static final int REPLICA_ACKS = 1;
    private static final Duration BEFORE_KILL = Duration.ofSeconds(3);
    private static final Duration STALL = Duration.ofMillis(500);
    private static final int FILLER_MEGABYTES = 24;
    private static final Duration AFTER_RECOVERY = Duration.ofSeconds(3);
    private static final Duration RECOVERY_LIMIT = Duration.ofSeconds(30);
    /** Sentinels refresh a replica's INFO every 10 s: their view of the restarted node can lag by that much. */
    private static final Duration SENTINELS_SEE_THE_REPLICA = Duration.ofSeconds(60);

    @Test
    void aPrimaryKilledUnderLoadLosesNoAcknowledgedSessionNoCatalogReadAndChargesEachKeyOnce() throws Exception {
        SentinelRedis sentinel = SentinelRedis.get();
        sentinel.awaitHealthy(Duration.ofSeconds(30));
        String run = UUID.randomUUID().toString().substring(0, 8);
        try (Cluster cluster = Cluster.start(2, "sentinel", Map.of("cachegate.redis.state-uri", sentinel.uri(),
                "cachegate.redis.state-replica-acks", Integer.toString(REPLICA_ACKS)))) {
            List<URI> instances = List.of(uri(cluster, 0), uri(cluster, 1));
            Loop loop = new Loop(instances, run);
            long started = System.nanoTime();
            int killed;
            int promoted;
            long failedOver;
            long healthy;
            try (ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
                for (int i = 0; i < 2; i++) {
                    clients.submit(() -> loop.guarded(loop::readCatalog, loop.read5xx));
                    clients.submit(() -> loop.guarded(loop::logIn, loop.loginOther));
                    clients.submit(() -> loop.guarded(loop::pay, loop.paymentFailed));
                }
                Thread.sleep(BEFORE_KILL.toMillis());
                int stalled = sentinel.stallReplica();
                try (var primary = sentinel.connect(sentinel.primaryPort())) {
                    String filler = "x".repeat(1 << 20);
                    for (int i = 0; i < FILLER_MEGABYTES; i++) {
                        primary.sync().set("sentinel-filler-" + run, filler, SetArgs.Builder.px(60_000));
                    }
                }
                Thread.sleep(STALL.toMillis());
                killed = sentinel.killPrimary();
                loop.killedAt.set(System.nanoTime());
                sentinel.resume(stalled);
                promoted = sentinel.awaitNewPrimary(killed, RECOVERY_LIMIT);
                failedOver = System.nanoTime();
                sentinel.restartAsReplica(killed);
                sentinel.awaitHealthy(SENTINELS_SEE_THE_REPLICA);
                healthy = System.nanoTime();
                long deadline = System.nanoTime() + RECOVERY_LIMIT.toNanos();
                while (loop.firstLoginAfterKill.get() == 0 && System.nanoTime() < deadline) {
                    Thread.sleep(20);
                }
                Thread.sleep(AFTER_RECOVERY.toMillis());
                loop.running.set(false);
            }
            List<Browser> acknowledged = List.copyOf(loop.sessions);
            List<Browser> lost = acknowledged.stream()
                    .filter(b -> b.send(instances.get(1), "GET", "/me", null).statusCode() != 200).toList();
            List<Browser> undone = loop.loggedOut.stream()
                    .filter(b -> b.send(instances.get(0), "GET", "/me", null).statusCode() != 401).toList();
            List<String> keys = List.copyOf(loop.keys);
            System.out.printf("SentinelFailoverIT (state-replica-acks=%d): primary %d killed %d ms into the run; "
                            + "new primary %d named %d ms after the kill; the Sentinels see a replica again after "
                            + "%d ms; first login sent after the kill acknowledged after %d ms%n", REPLICA_ACKS, killed,
                    ms(started, loop.killedAt.get()), promoted, ms(loop.killedAt.get(), failedOver),
                    ms(loop.killedAt.get(), healthy), ms(loop.killedAt.get(), loop.firstLoginAfterKill.get()));
            System.out.printf("SentinelFailoverIT: catalog GETs %d (5xx %d); logins %d (200 %d, 503 %d, other %d); "
                            + "/me %d (failed %d); logouts %d (204 %d, failed %d); payment POSTs %d (not 201 %d) over "
                            + "%d keys; acknowledged sessions %d, lost %d; acknowledged logouts undone %d%n",
                    loop.reads.get(), loop.read5xx.get(), loop.logins.get(), loop.login200.get(),
                    loop.login503.get(), loop.loginOther.get(), loop.mes.get(), loop.meFailed.get(),
                    loop.loggedOut.size() + loop.logoutFailed.get(), loop.loggedOut.size(), loop.logoutFailed.get(),
                    loop.payments.get(), loop.paymentFailed.get(), keys.size(), acknowledged.size(), lost.size(),
                    undone.size());
            loop.failures.stream().limit(10).forEach(f -> System.out.println("SentinelFailoverIT: failed " + f));

            assertThat(loop.firstLoginAfterKill.get()).as("a login succeeded after the failover").isNotZero();
            assertThat(loop.read5xx.get()).as("catalog 5xx").isZero();
            assertThat(loop.paymentFailed.get()).as("payment POSTs that were not 201").isZero();
            assertThat(PaymentsTesting.payments(keys)).as("payment rows, one per key").isEqualTo(keys.size());
            assertThat(PaymentsTesting.providerCharges(keys)).as("provider charges, one per key")
                    .isEqualTo(keys.size());
            assertThat(lost.size()).as("acknowledged sessions lost in the failover, of %d", acknowledged.size())
                    .isZero();
            assertThat(undone.size()).as("acknowledged logouts undone by the failover, of %d", loop.loggedOut.size())
                    .isZero();
        }
    }

    /** The client loops and what they saw. */
    private static final class Loop {
        final AtomicBoolean running = new AtomicBoolean(true);
        final AtomicLong killedAt = new AtomicLong();
        final AtomicLong firstLoginAfterKill = new AtomicLong();
        final AtomicLong reads = new AtomicLong();
        final AtomicLong read5xx = new AtomicLong();
        final AtomicLong logins = new AtomicLong();
        final AtomicLong login200 = new AtomicLong();
        final AtomicLong login503 = new AtomicLong();
        final AtomicLong loginOther = new AtomicLong();
        final AtomicLong mes = new AtomicLong();
        final AtomicLong meFailed = new AtomicLong();
        final AtomicLong payments = new AtomicLong();
        final AtomicLong paymentFailed = new AtomicLong();
        final AtomicLong logoutFailed = new AtomicLong();
        final Queue<Browser> sessions = new ConcurrentLinkedQueue<>();
        final Queue<Browser> loggedOut = new ConcurrentLinkedQueue<>();
        final Queue<String> keys = new ConcurrentLinkedQueue<>();
        final Queue<String> failures = new ConcurrentLinkedQueue<>();
        private final List<URI> instances;
        private final String run;
        private final AtomicLong sequence = new AtomicLong();

        Loop(List<URI> instances, String run) {
            this.instances = instances;
            this.run = run;
        }

        /** Runs a loop until the test stops it; a request that throws (no answer at all) counts as failed. */
        void guarded(Runnable loop, AtomicLong failed) {
            while (running.get()) {
                try {
                    loop.run();
                } catch (RuntimeException e) {
                    failed.incrementAndGet();
                    failures.add(e.toString());
                }
            }
        }

        void readCatalog() {
            Browser anonymous = new Browser();
            while (running.get()) {
                long id = ThreadLocalRandom.current().nextLong(1, UsesSharedServers.CATALOG_SIZE + 1);
                HttpResponse<String> response = anonymous.send(instance(), "GET", "/products/" + id, null);
                reads.incrementAndGet();
                if (response.statusCode() >= 500) {
                    read5xx.incrementAndGet();
                    failures.add("GET /products/" + id + ": " + response.statusCode() + " " + response.body());
                }
            }
        }

        void logIn() {
            while (running.get()) {
                Browser browser = new Browser();
                String user = "sentinel-" + run + "-" + sequence.incrementAndGet();
                boolean afterKill = killedAt.get() != 0;
                HttpResponse<String> login = browser.login(instance(), user);
                logins.incrementAndGet();
                if (login.statusCode() == 200) {
                    login200.incrementAndGet();
                    if (afterKill) {
                        firstLoginAfterKill.compareAndSet(0, System.nanoTime());
                    }
                    HttpResponse<String> me = browser.send(instance(), "GET", "/me", null);
                    mes.incrementAndGet();
                    if (me.statusCode() != 200) {
                        meFailed.incrementAndGet();
                    }
                    if (user.hashCode() % 4 != 0) {
                        sessions.add(browser);
                    } else {
                        int logout = browser.send(instance(), "POST", "/logout", null).statusCode();
                        if (logout == 204) {
                            loggedOut.add(browser);
                        } else {
                            logoutFailed.incrementAndGet();
                        }
                    }
                } else if (login.statusCode() == 503) {
                    login503.incrementAndGet();
                    pause();
                } else {
                    loginOther.incrementAndGet();
                    failures.add("POST /login: " + login.statusCode() + " " + login.body());
                }
            }
        }

        void pay() {
            while (running.get()) {
                String key = "sentinel-" + run + "-" + UUID.randomUUID();
                keys.add(key);
                for (URI instance : instances) {
                    HttpResponse<String> response = PaymentsTesting.post(instance, UsesSharedServers.API_KEY_A, key,
                            PaymentsTesting.BODY);
                    payments.incrementAndGet();
                    if (response.statusCode() != 201) {
                        paymentFailed.incrementAndGet();
                        failures.add("POST /payments " + key + ": " + response.statusCode() + " " + response.body());
                    }
                }
            }
        }

        private URI instance() {
            return instances.get(ThreadLocalRandom.current().nextInt(instances.size()));
        }

        private static void pause() {
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static long ms(long from, long to) {
        return (to - from) / 1_000_000;
    }

    private static URI uri(Cluster cluster, int index) {
        return cluster.context(index).getBean(EmbeddedServer.class).getURI();
    }
}
