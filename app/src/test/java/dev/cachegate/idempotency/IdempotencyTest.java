package dev.cachegate.idempotency;

import dev.cachegate.auth.Principal;
import dev.cachegate.problem.ProblemType;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What {@link Idempotency} decides, over an in-memory claim store and fast path, with time on a {@link FakeTicker}
 * that the waits advance instead of sleeping.
 */
class IdempotencyTest {

    private static final Principal ALICE = new Principal("user:alice");
    private static final IdempotencyKey KEY = new IdempotencyKey("order-42");
    private static final String BODY = Fingerprints.of("POST", "/payments", "{\"amount\":100}");
    private static final String OTHER_BODY = Fingerprints.of("POST", "/payments", "{\"amount\":999}");
    private static final Duration LEASE = Duration.ofSeconds(30);
    private static final Duration WAIT_POLL = Duration.ofMillis(25);

    private final FakeTicker ticker = new FakeTicker();
    private final InMemoryClaimStore store = new InMemoryClaimStore(ticker, LEASE);
    private final InMemoryFastPath fastPath = new InMemoryFastPath();
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final List<Duration> pauses = new ArrayList<>();
    private Runnable onPause = () -> { };

    private Idempotency idempotency(Duration waitForInFlight) {
        IdempotencyConfig config = new IdempotencyConfig(Duration.ofHours(24), LEASE, waitForInFlight,
                Duration.ofMillis(1500), Duration.ofMinutes(1), 1000);
        return new Idempotency(store, fastPath, config, meters, ticker, duration -> {
            pauses.add(duration);
            ticker.advance(duration);
            onPause.run();
        });
    }

    private static StoredResponse created(String id) {
        return new StoredResponse(201, Map.of("Location", "/payments/" + id), "{\"id\":\"" + id + "\"}");
    }

    private double outcomes(String outcome) {
        return meters.counter("cachegate.idempotency.requests", "outcome", outcome).count();
    }

    private static void assertConflict(Throwable thrown, ProblemType type, Map<String, String> headers) {
        assertThat(thrown).isInstanceOf(IdempotencyConflictException.class);
        IdempotencyConflictException conflict = (IdempotencyConflictException) thrown;
        assertThat(conflict.type()).isEqualTo(type);
        assertThat(conflict.headers()).isEqualTo(headers);
        assertThat(conflict).hasMessageContaining("'order-42'");
    }

    /** Another instance claims the key and has not finished. */
    private ClaimStore.Owned claimedElsewhere(String fingerprint) {
        return (ClaimStore.Owned) store.claim(ALICE.id(), KEY.value(), fingerprint);
    }

    @Test
    void executesOnceThenReplaysFromTheFastPath() {
        Idempotency idempotency = idempotency(Duration.ZERO);
        List<UUID> runs = new ArrayList<>();

        IdempotentResult first = idempotency.execute(ALICE, KEY, BODY, claimId -> {
            runs.add(claimId);
            return created("p1");
        });
        IdempotentResult again = idempotency.execute(ALICE, KEY, BODY, claimId -> {
            runs.add(claimId);
            return created("p2");
        });

        assertThat(first).isEqualTo(new IdempotentResult(created("p1"), false));
        assertThat(again).isEqualTo(new IdempotentResult(created("p1"), true));
        assertThat(runs).hasSize(1);
        assertThat(store.claims).as("the replay never asked the claim store").isEqualTo(1);
        assertThat(store.find(ALICE.id(), KEY.value()))
                .isEqualTo(new ClaimStore.Existing(BODY, created("p1")));
        assertThat(outcomes("executed")).isEqualTo(1);
        assertThat(outcomes("replayed")).isEqualTo(1);
        assertThat(pauses).isEmpty();
    }

    @Test
    void keysAreScopedToTheirPrincipal() {
        Idempotency idempotency = idempotency(Duration.ZERO);
        idempotency.execute(ALICE, KEY, BODY, claimId -> created("alice"));

        IdempotentResult bob = idempotency.execute(new Principal("user:bob"), KEY, OTHER_BODY,
                claimId -> created("bob"));

        assertThat(bob).isEqualTo(new IdempotentResult(created("bob"), false));
    }

    @Test
    void aDifferentBodyUnderTheSameKeyIs422FromTheFastPathAndFromTheStore() {
        Idempotency idempotency = idempotency(Duration.ZERO);
        idempotency.execute(ALICE, KEY, BODY, claimId -> created("p1"));

        Throwable fromFastPath = catchConflict(idempotency, OTHER_BODY);
        int claimsBefore = store.claims;
        fastPath.forget(ALICE.id(), KEY.value());
        Throwable fromStore = catchConflict(idempotency, OTHER_BODY);

        assertConflict(fromFastPath, ProblemType.IDEMPOTENCY_KEY_MISMATCH, Map.of());
        assertConflict(fromStore, ProblemType.IDEMPOTENCY_KEY_MISMATCH, Map.of());
        assertThat(store.claims).as("only the second refusal asked the store").isEqualTo(claimsBefore + 1);
        assertThat(outcomes("mismatch")).isEqualTo(2);
        assertThat(store.find(ALICE.id(), KEY.value()))
                .as("the stored response is untouched").isEqualTo(new ClaimStore.Existing(BODY, created("p1")));
    }

    @Test
    void aDifferentBodyWhileTheFirstIsInFlightIs422NotA409() {
        claimedElsewhere(BODY);

        assertConflict(catchConflict(idempotency(Duration.ofSeconds(5)), OTHER_BODY),
                ProblemType.IDEMPOTENCY_KEY_MISMATCH, Map.of());
        assertThat(pauses).as("a mismatch is not waited for").isEmpty();
    }

    @Test
    void aDuplicateOfAnInFlightRequestIs409WithRetryAfterAtOnce() {
        claimedElsewhere(BODY);

        Throwable thrown = catchConflict(idempotency(Duration.ZERO), BODY);

        assertConflict(thrown, ProblemType.IDEMPOTENCY_KEY_IN_USE, Map.of("Retry-After", "2"));
        assertThat(thrown).hasMessageContaining("retry after 2 s");
        assertThat(pauses).isEmpty();
        assertThat(outcomes("conflict")).isEqualTo(1);
    }

    @Test
    void theWaitingModeReplaysWhenTheFirstCompletes() {
        UUID elsewhere = claimedElsewhere(BODY).leaseToken();
        onPause = () -> {
            if (pauses.size() == 3) {
                store.complete(ALICE.id(), KEY.value(), elsewhere, created("p1"));
            }
        };

        IdempotentResult result = idempotency(Duration.ofMillis(100)).execute(ALICE, KEY, BODY, claimId -> {
            throw new AssertionError("the duplicate must not run");
        });

        assertThat(result).isEqualTo(new IdempotentResult(created("p1"), true));
        assertThat(pauses).containsExactly(WAIT_POLL, WAIT_POLL, WAIT_POLL);
        assertThat(fastPath.knows(ALICE.id(), KEY.value())).as("the replay fills the fast path").isTrue();
        assertThat(outcomes("replayed")).isEqualTo(1);
    }

    @Test
    void theWaitingModeGives409OnceTheTickerPassesTheWait() {
        claimedElsewhere(BODY);

        Throwable thrown = catchConflict(idempotency(Duration.ofMillis(100)), BODY);

        assertConflict(thrown, ProblemType.IDEMPOTENCY_KEY_IN_USE, Map.of("Retry-After", "2"));
        assertThat(pauses).as("polls every 25 ms until 100 ms have passed").hasSize(4);
    }

    @Test
    void withTheFastPathDownTheClaimStoreStillDecides() {
        fastPath.down = true;
        Idempotency idempotency = idempotency(Duration.ZERO);
        List<UUID> runs = new ArrayList<>();

        idempotency.execute(ALICE, KEY, BODY, claimId -> {
            runs.add(claimId);
            return created("p1");
        });
        IdempotentResult replay = idempotency.execute(ALICE, KEY, BODY, claimId -> {
            runs.add(claimId);
            return created("p2");
        });
        Throwable mismatch = catchConflict(idempotency, OTHER_BODY);

        assertThat(replay).isEqualTo(new IdempotentResult(created("p1"), true));
        assertThat(runs).hasSize(1);
        assertConflict(mismatch, ProblemType.IDEMPOTENCY_KEY_MISMATCH, Map.of());
        assertThat(store.claims).isEqualTo(3);
    }

    @Test
    void aReplayFromTheStoreRefillsTheFastPath() {
        Idempotency idempotency = idempotency(Duration.ZERO);
        idempotency.execute(ALICE, KEY, BODY, claimId -> created("p1"));
        fastPath.forget(ALICE.id(), KEY.value());

        idempotency.execute(ALICE, KEY, BODY, claimId -> created("p2"));
        int claimsBefore = store.claims;
        IdempotentResult third = idempotency.execute(ALICE, KEY, BODY, claimId -> created("p3"));

        assertThat(third).isEqualTo(new IdempotentResult(created("p1"), true));
        assertThat(store.claims).as("the third was answered by the refilled fast path").isEqualTo(claimsBefore);
    }

    @Test
    void aFailedOperationReleasesItsClaimAndACorrectedBodyThenRuns() {
        Idempotency idempotency = idempotency(Duration.ZERO);
        List<UUID> claimIds = new ArrayList<>();
        IllegalStateException providerDown = new IllegalStateException("provider 503");

        assertThatThrownBy(() -> idempotency.execute(ALICE, KEY, BODY, claimId -> {
            claimIds.add(claimId);
            throw providerDown;
        })).isSameAs(providerDown);
        IdempotentResult corrected = idempotency.execute(ALICE, KEY, OTHER_BODY, claimId -> {
            claimIds.add(claimId);
            return created("p2");
        });

        assertThat(store.releases).isEqualTo(1);
        assertThat(outcomes("failed")).isEqualTo(1);
        assertThat(corrected).isEqualTo(new IdempotentResult(created("p2"), false));
        assertThat(claimIds).as("the corrected request gets a new claim id").hasSize(2).doesNotHaveDuplicates();
        assertThat(fastPath.knows(ALICE.id(), KEY.value())).isTrue();
    }

    @Test
    void anExpiredLeaseIsTakenOverUnderTheSameClaimId() {
        UUID original = claimedElsewhere(BODY).claimId();
        ticker.advance(LEASE.plusMillis(1));
        List<UUID> runs = new ArrayList<>();

        IdempotentResult result = idempotency(Duration.ZERO).execute(ALICE, KEY, BODY, claimId -> {
            runs.add(claimId);
            return created("p1");
        });

        assertThat(result).isEqualTo(new IdempotentResult(created("p1"), false));
        assertThat(runs).as("the same claim id").containsExactly(original);
        assertThat(meters.counter("cachegate.idempotency.takeovers").count()).isEqualTo(1);
        assertThat(outcomes("executed")).isEqualTo(1);
    }

    @Test
    void aHolderThatLostItsLeaseAnswersWithTheTakeoversResult() {
        Idempotency idempotency = idempotency(Duration.ZERO);

        IdempotentResult slow = idempotency.execute(ALICE, KEY, BODY, claimId -> {
            ticker.advance(LEASE.plusMillis(1));
            IdempotentResult retry = idempotency.execute(ALICE, KEY, BODY, sameClaim -> {
                assertThat(sameClaim).isEqualTo(claimId);
                return created("by-retry");
            });
            assertThat(retry.replayed()).isFalse();
            return created("by-slow-holder");
        });

        assertThat(slow).isEqualTo(new IdempotentResult(created("by-retry"), true));
        assertThat(store.find(ALICE.id(), KEY.value()))
                .isEqualTo(new ClaimStore.Existing(BODY, created("by-retry")));
        assertThat(outcomes("executed")).as("only the takeover's execution counts").isEqualTo(1);
    }

    @Test
    void aHolderThatLostItsLeaseToAStillRunningTakeoverGets409() {
        Idempotency idempotency = idempotency(Duration.ZERO);

        Throwable thrown = catchConflict(idempotency, BODY, claimId -> {
            ticker.advance(LEASE.plusMillis(1));
            claimedElsewhere(BODY);
            return created("by-slow-holder");
        });

        assertConflict(thrown, ProblemType.IDEMPOTENCY_KEY_IN_USE, Map.of("Retry-After", "2"));
        assertThat(fastPath.knows(ALICE.id(), KEY.value())).as("nothing stored that the store did not keep").isFalse();
        assertThat(outcomes("executed")).isZero();
    }

    @Test
    void aClaimThatVanishesWhileClaimingIsClaimedAgain() {
        store.answerNextClaimWith(new ClaimStore.Absent());

        IdempotentResult result = idempotency(Duration.ZERO).execute(ALICE, KEY, BODY, claimId -> created("p1"));

        assertThat(result).isEqualTo(new IdempotentResult(created("p1"), false));
        assertThat(store.claims).isEqualTo(2);
        assertThat(pauses).as("a vanished row is retried at once").isEmpty();
    }

    @Test
    void aReapedKeyRunsAgain() {
        Idempotency idempotency = idempotency(Duration.ZERO);
        idempotency.execute(ALICE, KEY, BODY, claimId -> created("p1"));
        store.reap(ALICE.id(), KEY.value());
        fastPath.forget(ALICE.id(), KEY.value());

        IdempotentResult result = idempotency.execute(ALICE, KEY, OTHER_BODY, claimId -> created("p2"));

        assertThat(result).isEqualTo(new IdempotentResult(created("p2"), false));
    }

    @Test
    void anInterruptedWaitFailsTheRequestAndKeepsTheInterrupt() {
        claimedElsewhere(BODY);
        IdempotencyConfig config = new IdempotencyConfig(Duration.ofHours(24), LEASE, Duration.ofSeconds(1),
                Duration.ofSeconds(1), Duration.ofMinutes(1), 1000);
        Idempotency idempotency = new Idempotency(store, fastPath, config, meters, ticker, duration -> {
            throw new InterruptedException("shutting down");
        });

        try {
            assertThatThrownBy(() -> idempotency.execute(ALICE, KEY, BODY, claimId -> created("p1")))
                    .isInstanceOf(IllegalStateException.class).hasCauseInstanceOf(InterruptedException.class);
            assertThat(Thread.currentThread().isInterrupted()).isTrue();
        } finally {
            Thread.interrupted();
        }
    }

    @Test
    void rejectedRequestsAreCounted() {
        idempotency(Duration.ZERO).rejected();

        assertThat(outcomes("rejected")).isEqualTo(1);
    }

    private Throwable catchConflict(Idempotency idempotency, String fingerprint) {
        return catchConflict(idempotency, fingerprint, claimId -> {
            throw new AssertionError("a refused request must not run");
        });
    }

    private static Throwable catchConflict(Idempotency idempotency, String fingerprint,
                                           IdempotentOperation operation) {
        try {
            idempotency.execute(ALICE, KEY, fingerprint, operation);
        } catch (IdempotencyConflictException e) {
            return e;
        }
        throw new AssertionError("expected an IdempotencyConflictException");
    }
}
