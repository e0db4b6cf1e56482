package dev.cachegate.payments;

import dev.cachegate.payments.internal.JdbcPayments;
import dev.cachegate.testinfra.Cluster;
import dev.cachegate.testinfra.SharedInfrastructure;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static dev.cachegate.payments.PaymentsTesting.insertPending;
import static dev.cachegate.payments.PaymentsTesting.ledger;
import static dev.cachegate.payments.PaymentsTesting.status;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Recovery leases a pending payment, asks the provider outside any transaction and settles under the lease: no row
 * is locked during the call, and two recoverers never ask about, nor settle, the same payment.
 */
class PaymentRecoveryIT {

    private static final String LONG_AGO = "2000-01-01T00:00:00Z";

    @Test
    void whileTheProviderIsAskedTheRecoveredRowIsNotLocked() throws Exception {
        String id = "pay_lock_" + UUID.randomUUID();
        UUID claimId = insertPending(id, LONG_AGO);
        try (Cluster cluster = Cluster.start(1, "recovery-lock", recovery("2s"))) {
            awaitCharge(claimId);

            try (Connection primary = SharedInfrastructure.primary()) {
                primary.setAutoCommit(false);
                try (PreparedStatement lock = primary.prepareStatement(
                        "SELECT status FROM payments WHERE id = ? FOR UPDATE NOWAIT")) {
                    lock.setString(1, id);
                    try (ResultSet row = lock.executeQuery()) {
                        assertThat(row.next()).isTrue();
                        assertThat(row.getString(1)).as("the provider call is still in flight").isEqualTo("pending");
                    }
                } finally {
                    primary.rollback();
                }
            }

            awaitStatus(id, "succeeded");
            assertThat(ledger(claimId)).isEqualTo(new PaymentsTesting.Ledger(1, 1));
        }
    }

    @Test
    void twoRecoverersAskAboutAndSettleEachPaymentOnce() throws Exception {
        try (Cluster cluster = Cluster.start(2, "recovery-pair", recovery("300ms"))) {
            List<String> ids = new ArrayList<>();
            List<UUID> claims = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                ids.add("pay_pair_" + i + "_" + UUID.randomUUID());
                claims.add(insertPending(ids.getLast(), LONG_AGO));
            }
            for (String id : ids) {
                awaitStatus(id, "succeeded");
            }
            for (UUID claimId : claims) {
                assertThat(ledger(claimId)).as("asked once, charged once").isEqualTo(new PaymentsTesting.Ledger(1, 1));
            }
            assertThat(cluster.counter("cachegate.payments.recoveries", "result", "lease-lost")).isZero();
            assertThat(Cluster.counter(cluster.context(0), "cachegate.payments.recoveries", "result", "succeeded"))
                    .as("both instances recovered some").isPositive();
            assertThat(Cluster.counter(cluster.context(1), "cachegate.payments.recoveries", "result", "succeeded"))
                    .as("both instances recovered some").isPositive();
        }
    }

    @Test
    void aLeaseIsHonouredUntilItExpires() throws Exception {
        String held = "pay_held_" + UUID.randomUUID();
        String expired = "pay_expired_" + UUID.randomUUID();
        UUID heldClaim = insertPending(held, "1999-01-01T00:00:00Z");
        UUID expiredClaim = insertPending(expired, LONG_AGO);
        UUID otherRecoverer = UUID.randomUUID();
        lease(held, otherRecoverer, "now() + interval '1 hour'");
        lease(expired, UUID.randomUUID(), "now() - interval '1 minute'");
        try (Cluster cluster = Cluster.start(1, "recovery-expiry", recovery("0ms"))) {
            awaitStatus(expired, "succeeded");

            assertThat(status(held)).isEqualTo("pending");
            assertThat(leaseOf(held)).isEqualTo(otherRecoverer);
            assertThat(ledger(heldClaim)).as("never asked about").isEqualTo(new PaymentsTesting.Ledger(0, 0));
            assertThat(ledger(expiredClaim)).isEqualTo(new PaymentsTesting.Ledger(1, 1));
        } finally {
            delete(held);
        }
    }

    @Test
    void aRecovererThatLostItsLeaseMidCallDoesNotSettle() throws Exception {
        String id = "pay_lost_" + UUID.randomUUID();
        UUID claimId = insertPending(id, LONG_AGO);
        try (Cluster cluster = Cluster.start(1, "recovery-lost", recovery("1500ms"))) {
            awaitCharge(claimId);
            UUID taker = UUID.randomUUID();
            lease(id, taker, "now() + interval '1 hour'");

            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (cluster.counter("cachegate.payments.recoveries", "result", "lease-lost") == 0
                    && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(cluster.counter("cachegate.payments.recoveries", "result", "lease-lost")).isEqualTo(1);
            assertThat(status(id)).as("left to the lease's holder").isEqualTo("pending");
            assertThat(leaseOf(id)).isEqualTo(taker);

            lease(id, taker, "now() - interval '1 minute'");
            awaitStatus(id, "succeeded");
            assertThat(ledger(claimId)).as("asked twice, charged once").isEqualTo(new PaymentsTesting.Ledger(1, 2));
        }
    }

    @Test
    void aPaymentARecovererHasLeasedIsNeverDiscarded() throws Exception {
        String id = "pay_leased_" + UUID.randomUUID();
        insertPending(id, LONG_AGO);
        lease(id, UUID.randomUUID(), "now() + interval '1 hour'");
        try (Cluster cluster = Cluster.start(1, "recovery-discard", recovery("0ms"))) {
            JdbcPayments payments = cluster.context(0).getBean(JdbcPayments.class);

            assertThat(payments.discardPending(id)).as("its recoverer's call may have charged").isFalse();
            assertThat(status(id)).isEqualTo("pending");
            lease(id, null, "NULL");
            assertThat(payments.discardPending(id)).isTrue();
            assertThat(status(id)).isNull();
        } finally {
            delete(id);
        }
    }

    private static Map<String, String> recovery(String providerLatency) {
        Map<String, String> properties = new HashMap<>();
        properties.put("cachegate.payments.provider.latency", providerLatency);
        properties.put("cachegate.payments.provider-timeout", "10s");
        properties.put("cachegate.payments.recovery-lease", "30s");
        properties.put("cachegate.payments.recovery-interval", "50ms");
        properties.put("cachegate.payments.recovery-after", "1s");
        return properties;
    }

    private static void awaitCharge(UUID claimId) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (ledger(claimId).charges() == 0 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(ledger(claimId).charges()).as("the recoverer asked the provider").isEqualTo(1);
    }

    private static void awaitStatus(String id, String expected) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!expected.equals(status(id)) && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(status(id)).as(id).isEqualTo(expected);
    }

    private static void lease(String id, UUID token, String until) throws SQLException {
        try (Connection primary = SharedInfrastructure.primary(); PreparedStatement update = primary.prepareStatement(
                "UPDATE payments SET recovery_lease = ?, recovery_lease_until = " + until + " WHERE id = ?")) {
            update.setObject(1, token);
            update.setString(2, id);
            assertThat(update.executeUpdate()).isEqualTo(1);
        }
    }

    private static UUID leaseOf(String id) throws SQLException {
        try (Connection primary = SharedInfrastructure.primary();
             PreparedStatement query = primary.prepareStatement("SELECT recovery_lease FROM payments WHERE id = ?")) {
            query.setString(1, id);
            try (ResultSet row = query.executeQuery()) {
                row.next();
                return row.getObject(1, UUID.class);
            }
        }
    }

    private static void delete(String id) throws SQLException {
        try (Connection primary = SharedInfrastructure.primary();
             PreparedStatement delete = primary.prepareStatement("DELETE FROM payments WHERE id = ?")) {
            delete.setString(1, id);
            delete.executeUpdate();
        }
    }
}
