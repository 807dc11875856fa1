package dev.tapctl.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tapctl.testing.CallLog;
import dev.tapctl.testing.Emulator;
import dev.tapctl.testing.EmulatorExtension;
import dev.tapctl.testing.HandlerFixture;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The environment lock against the emulator's DynamoDB: one holder at a time, and a generation
 * that tells a run whether the plan it made before taking the lock still holds.
 */
@ExtendWith(EmulatorExtension.class)
class EnvironmentLockTest {
    private static final Duration LEASE = Duration.ofMinutes(2);

    private final CallLog calls = new CallLog();
    private final String lockId = "tap/" + UUID.randomUUID();
    private AwsClients clients;

    @BeforeEach
    void setUp(Emulator emulator) {
        clients = HandlerFixture.clients(emulator, calls);
    }

    @AfterEach
    void tearDown() {
        clients.close();
    }

    private EnvironmentLock lock(String holder) {
        return clients.environmentLock(holder, LEASE);
    }

    @Test
    void aLockNobodyTookMeanwhileVouchesForThePlanMadeAfterLookingAtIt() {
        EnvironmentLock.Observation seen = lock("run-a").observe(lockId);
        assertThat(calls.mutating()).as("looking changes nothing").isEmpty();

        try (EnvironmentLock.Lease lease = lock("run-a").acquire(lockId, seen)) {
            assertThat(lease.unchangedSinceObservation()).isTrue();
            assertThat(lock("run-b").holderOf(lockId))
                    .hasValueSatisfying(h -> assertThat(h.holder()).isEqualTo("run-a"));
        }
        assertThat(lock("run-b").holderOf(lockId)).as("released").isEmpty();

        // The next run looks after that release: nothing happened since, so its plan holds too.
        EnvironmentLock.Observation next = lock("run-b").observe(lockId);
        assertThat(next.generation()).isGreaterThan(seen.generation());
        try (EnvironmentLock.Lease lease = lock("run-b").acquire(lockId, next)) {
            assertThat(lease.unchangedSinceObservation()).isTrue();
        }
    }

    @Test
    void aRunThatTookTheLockBetweenTheLookAndTheTakingMakesThePlanStale() {
        EnvironmentLock.Observation seen = lock("run-a").observe(lockId);
        // Another run takes the lock, changes things and releases it, all while run-a plans.
        lock("run-b").acquire(lockId).close();

        try (EnvironmentLock.Lease lease = lock("run-a").acquire(lockId, seen)) {
            assertThat(lease.unchangedSinceObservation())
                    .as("run-a must plan again")
                    .isFalse();
        }
    }

    @Test
    void aLockHeldWhenLookedAtMakesThePlanStaleEvenOnceItIsFree() {
        EnvironmentLock.Lease other = lock("run-b").acquire(lockId);
        EnvironmentLock.Observation seen = lock("run-a").observe(lockId);
        assertThat(seen.held()).isTrue();
        assertThatThrownBy(() -> lock("run-a").acquire(lockId, seen))
                .isInstanceOf(EnvironmentLock.HeldException.class)
                .hasMessageContaining("locked by run-b");
        other.close();

        try (EnvironmentLock.Lease lease = lock("run-a").acquire(lockId, seen)) {
            assertThat(lease.unchangedSinceObservation())
                    .as("run-b was changing things while run-a read")
                    .isFalse();
        }
    }

    @Test
    void unlockFreesTheLockAndKeepsItsCount() {
        EnvironmentLock.Observation seen = lock("run-a").observe(lockId);
        EnvironmentLock.Lease crashed = lock("run-b").acquire(lockId);

        assertThat(lock("operator").forceUnlock(lockId))
                .hasValueSatisfying(h -> assertThat(h.holder()).isEqualTo("run-b"));
        assertThat(lock("run-a").holderOf(lockId)).isEmpty();

        // Had unlock deleted the item, the count would restart and run-a's look would match again.
        try (EnvironmentLock.Lease lease = lock("run-a").acquire(lockId, seen)) {
            assertThat(lease.unchangedSinceObservation()).isFalse();
            // A late release by the unlocked run leaves run-a's lease alone.
            crashed.close();
            assertThat(lock("x").holderOf(lockId))
                    .hasValueSatisfying(h -> assertThat(h.holder()).isEqualTo("run-a"));
        }
        assertThat(lock("x").holderOf(lockId)).isEmpty();
    }

    @Test
    void aLockThisBuildReleasedIsStillOneAnOlderBuildCanTakeAndReport() {
        lock("run-a").acquire(lockId).close();

        // What builds from before the count did: put the whole item if free or expired, read its holder.
        olderBuildTakes("old-run");
        Map<String, AttributeValue> item = clients.dynamodb()
                .getItem(r -> r.tableName(EnvironmentLock.TABLE)
                        .key(Map.of("lockId", AttributeValue.builder().s(lockId).build()))
                        .consistentRead(true))
                .item();
        assertThat(item.get("holder").s()).isEqualTo("old-run");
    }

    @Test
    void anOlderBuildThatTookTheLockMeanwhileMakesThePlanStale() {
        lock("run-a").acquire(lockId).close();
        EnvironmentLock.Observation seen = lock("run-a").observe(lockId);
        assertThat(seen.generation()).isPositive();

        // An older build takes the lock (its put drops the count) and deletes the item when done.
        olderBuildTakes("old-run");
        clients.dynamodb().deleteItem(r -> r.tableName(EnvironmentLock.TABLE)
                .key(Map.of("lockId", AttributeValue.builder().s(lockId).build())));

        try (EnvironmentLock.Lease lease = lock("run-a").acquire(lockId, seen)) {
            assertThat(lease.unchangedSinceObservation()).isFalse();
        }
    }

    private void olderBuildTakes(String holder) {
        long now = System.currentTimeMillis();
        clients.dynamodb().putItem(r -> r.tableName(EnvironmentLock.TABLE)
                .item(Map.of(
                        "lockId",
                        AttributeValue.builder().s(lockId).build(),
                        "holder",
                        AttributeValue.builder().s(holder).build(),
                        "since",
                        AttributeValue.builder()
                                .s(java.time.Instant.ofEpochMilli(now).toString())
                                .build(),
                        "expiresAt",
                        AttributeValue.builder().n(Long.toString(now + 120_000)).build()))
                .conditionExpression("attribute_not_exists(lockId) OR expiresAt < :now")
                .expressionAttributeValues(Map.of(
                        ":now", AttributeValue.builder().n(Long.toString(now)).build())));
    }

    @Test
    void withoutALookTheLeaseNeverVouchesForAPlan() {
        try (EnvironmentLock.Lease lease = lock("run-a").acquire(lockId)) {
            assertThat(lease.unchangedSinceObservation()).isFalse();
        }
    }
}
