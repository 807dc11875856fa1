package dev.tapctl.resources.rds;

import static dev.tapctl.testing.HandlerFixture.tags;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tapctl.aws.AwsClients;
import dev.tapctl.engine.spi.AttributeChange;
import dev.tapctl.engine.spi.CreationRefusal;
import dev.tapctl.engine.spi.DeleteResult;
import dev.tapctl.engine.spi.DeletionPolicy;
import dev.tapctl.stack.spec.DbInstanceSpec;
import dev.tapctl.testing.CallLog;
import dev.tapctl.testing.Emulator;
import dev.tapctl.testing.EmulatorExtension;
import dev.tapctl.testing.HandlerFixture;
import dev.tapctl.testing.TestContext;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.rds.RdsClient;

/** The final snapshots a destroy leaves, as a later destroy plan finds them. */
@ExtendWith(EmulatorExtension.class)
class DbInstanceHandlerTest {
    private static final String NAME = "tap-test-db";
    private static final String ID = "data.db";
    private static final Instant DESTROYED_AT = Instant.parse("2025-01-01T12:00:00Z");

    private final CallLog calls = new CallLog();
    private final RdsStates states = new RdsStates();
    private final TestContext ctx = new TestContext(ID, "hash-1");
    private AwsClients clients;
    /** For what happens outside the handler: not logged, not in {@link #states}. */
    private AwsClients plain;

    private RdsClient rds;
    private DbInstanceHandler handler;

    @BeforeEach
    void setUp(Emulator emulator) {
        clients = HandlerFixture.clients(emulator, calls, states);
        plain = HandlerFixture.clients(emulator);
        rds = clients.rds();
        handler = new DbInstanceHandler(
                rds, clients.secrets(), clients.waiterConfig(), Clock.fixed(DESTROYED_AT, ZoneOffset.UTC));
    }

    @AfterEach
    void tearDown() {
        clients.close();
        plain.close();
    }

    /** Only the identifier matters to what is tested here. */
    private static DbInstanceSpec spec(String identifier) {
        return spec(identifier, "16.4");
    }

    private static DbInstanceSpec spec(String identifier, String engineVersion) {
        return new DbInstanceSpec(
                identifier,
                "postgres",
                engineVersion,
                "db.t4g.micro",
                20,
                "gp3",
                "arn:aws:kms:key",
                false,
                false,
                1,
                false,
                "subnets",
                List.of("sg-1"),
                "app",
                "arn:aws:secretsmanager:secret",
                "app",
                5432,
                identifier + "-final",
                tags(ID, identifier));
    }

    /** An instance made directly (the handler's create needs a secret and a subnet group). */
    private void instance(String identifier) {
        instance(identifier, false);
    }

    private void instance(String identifier, boolean deletionProtection) {
        plain.rds().createDBInstance(r -> r.dbInstanceIdentifier(identifier)
                .engine("postgres")
                .dbInstanceClass("db.t4g.micro")
                .allocatedStorage(20)
                .masterUsername("app")
                .masterUserPassword("correct-horse-battery")
                .deletionProtection(deletionProtection));
    }

    @Test
    void finalSnapshotsAreThoseItsDestroyTookAndTheyOutliveTheInstance() {
        instance(NAME);
        instance(NAME + "2");
        rds.createDBSnapshot(r -> r.dbInstanceIdentifier(NAME).dbSnapshotIdentifier(NAME + "-before-upgrade"));
        rds.createDBSnapshot(
                r -> r.dbInstanceIdentifier(NAME + "2").dbSnapshotIdentifier(NAME + "2-final-20250101-120000"));
        assertThat(handler.finalSnapshots(spec(NAME), ctx))
                .as("before any destroy")
                .isEmpty();

        DbInstanceHandler.Live live = handler.read(spec(NAME), ctx).orElseThrow();
        DeleteResult deleted = handler.delete(live, DeletionPolicy.SNAPSHOT, ctx);
        assertThat(deleted.detail()).isEqualTo(NAME + "-final-20250101-120000");
        assertThat(handler.read(spec(NAME), ctx)).isEmpty();

        calls.clear();
        assertThat(handler.finalSnapshots(spec(NAME), ctx))
                .as("its own final snapshot; neither one taken by hand nor another instance's")
                .containsExactly(NAME + "-final-20250101-120000");
        assertThat(calls.operations()).containsExactly("DescribeDBSnapshots");

        rds.deleteDBSnapshot(r -> r.dbSnapshotIdentifier(NAME + "-final-20250101-120000"));
        assertThat(handler.finalSnapshots(spec(NAME), ctx)).isEmpty();
    }

    @Test
    void aVersionRdsOffersIsNotRefusedWithOneQuestionOfItsMajorVersion() {
        for (String offered : List.of("16", "16.11", "16.9", "17", "14.20")) {
            calls.clear();
            assertThat(handler.creationRefusal(spec(NAME, offered), ctx))
                    .as(offered)
                    .isEmpty();
            assertThat(calls.operations()).as(offered).containsExactly("DescribeDBEngineVersions");
        }
    }

    @Test
    void aRetiredMinorIsRefusedNamingWhatItsMajorOffers() {
        calls.clear();
        assertThat(handler.creationRefusal(spec(NAME, "16.4"), ctx))
                .contains(new CreationRefusal(
                        "engineVersion",
                        "PostgreSQL 16.4 is not offered by RDS in us-east-1 (retired?); offered: 16.9, 16.10, 16.11; "
                                + "or give the major version \"16\""));
        assertThat(calls.operations()).containsExactly("DescribeDBEngineVersions");
        assertThat(handler.creationRefusal(spec(NAME, "17.4"), ctx)
                        .orElseThrow()
                        .reason())
                .startsWith("PostgreSQL 17.4 is not offered")
                .contains("offered: 17.5, 17.6, 17.7;");
    }

    @Test
    void aMajorVersionRdsDoesNotOfferIsRefusedNamingTheMajorsThereAre() {
        assertThat(handler.creationRefusal(spec(NAME, "12"), ctx))
                .contains(
                        new CreationRefusal(
                                "engineVersion",
                                "PostgreSQL 12 is not offered by RDS in us-east-1; offered major versions: 14, 15, 16, 17, 18"));
        assertThat(handler.creationRefusal(spec(NAME, "12.22"), ctx)
                        .orElseThrow()
                        .reason())
                .isEqualTo(
                        "PostgreSQL 12.22 is not offered by RDS in us-east-1 (retired?); offered major versions: 14, 15, 16, 17, 18");
    }

    // ---- RDS states: every change waits for the one before ----------------------------------------

    @Test
    void deletionProtectionIsLiftedThenTheInstanceIsAwaitedAsAvailableBeforeItIsDeleted() {
        instance(NAME, true);
        states.modifyingAfterEachChange(2);
        DbInstanceHandler.Live live = handler.read(spec(NAME), ctx).orElseThrow();
        calls.clear();

        DeleteResult deleted = handler.delete(live, DeletionPolicy.SNAPSHOT, ctx);

        assertThat(deleted.outcome()).isEqualTo(DeleteResult.Outcome.SNAPSHOTTED);
        assertThat(calls.operations())
                .containsSubsequence(
                        "ModifyDBInstance",
                        "DescribeDBInstances",
                        "DescribeDBInstances",
                        "DescribeDBInstances",
                        "DeleteDBInstance",
                        "DescribeDBInstances",
                        "DescribeDBSnapshots");
        assertThat(calls.operations())
                .as("one delete, once the instance was available")
                .filteredOn("DeleteDBInstance"::equals)
                .hasSize(1);
        assertThat(ctx.statuses)
                .containsSubsequence("lifting deletion protection", "waiting for available", "waiting for deleted");
        assertThat(handler.read(spec(NAME), ctx)).isEmpty();
    }

    @Test
    void anInstanceStillOnItsWayToAvailableIsAwaitedBeforeItIsModifiedOrDeleted() {
        instance(NAME);
        states.pass(NAME, "creating", 3, null);
        DbInstanceHandler.Live creating = handler.read(spec(NAME), ctx).orElseThrow();
        assertThat(creating.status()).isEqualTo("creating");

        DbInstanceHandler.Live updated =
                handler.update(spec(NAME), creating, List.of(AttributeChange.of("backupRetentionDays", 0, 1)), ctx);
        assertThat(updated.status()).isEqualTo("available");
        assertThat(updated.backupRetentionDays()).isEqualTo(1);

        states.pass(NAME, "backing-up", 2, null);
        DbInstanceHandler.Live backingUp = handler.read(spec(NAME), ctx).orElseThrow();
        calls.clear();
        assertThat(handler.delete(backingUp, DeletionPolicy.DELETE, ctx).outcome())
                .isEqualTo(DeleteResult.Outcome.DELETED);
        assertThat(calls.operations())
                .as("no call refused as InvalidDBInstanceState")
                .startsWith("DescribeDBInstances", "DescribeDBInstances")
                .containsOnlyOnce("DeleteDBInstance");
    }

    @Test
    void anInstanceAnEarlierRunBeganToDeleteIsAwaitedAndItsFinalSnapshotReported() {
        instance(NAME);
        String earlier = NAME + "-final-20241231-235959";
        states.pass(NAME, "deleting", 2, () -> plain.rds()
                .deleteDBInstance(r -> r.dbInstanceIdentifier(NAME).finalDBSnapshotIdentifier(earlier)));
        DbInstanceHandler.Live deleting = handler.read(spec(NAME), ctx).orElseThrow();
        calls.clear();

        DeleteResult deleted = handler.delete(deleting, DeletionPolicy.SNAPSHOT, ctx);

        assertThat(deleted).isEqualTo(new DeleteResult(DeleteResult.Outcome.SNAPSHOTTED, earlier));
        assertThat(calls.operations()).doesNotContain("DeleteDBInstance", "ModifyDBInstance");
        assertThat(handler.read(spec(NAME), ctx)).isEmpty();
    }
}
