package dev.tapctl.resources.kms;

import static dev.tapctl.aws.HandlerTestSupport.keyPolicy;
import static dev.tapctl.testing.HandlerFixture.tags;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tapctl.aws.AwsClients;
import dev.tapctl.aws.HandlerTestSupport.Crash;
import dev.tapctl.aws.HandlerTestSupport.SimulatedCrash;
import dev.tapctl.aws.PolicyDocuments;
import dev.tapctl.engine.spi.AttributeChange;
import dev.tapctl.engine.spi.DeleteResult;
import dev.tapctl.engine.spi.DeletionPolicy;
import dev.tapctl.engine.spi.Deletions;
import dev.tapctl.engine.spi.SpecHashes;
import dev.tapctl.engine.spi.Tags;
import dev.tapctl.stack.Policies;
import dev.tapctl.stack.spec.KmsKeySpec;
import dev.tapctl.testing.CallLog;
import dev.tapctl.testing.Emulator;
import dev.tapctl.testing.EmulatorExtension;
import dev.tapctl.testing.HandlerFixture;
import dev.tapctl.testing.TestContext;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.AliasListEntry;
import software.amazon.awssdk.services.kms.model.KeyManagerType;
import software.amazon.awssdk.services.kms.model.KeyMetadata;
import software.amazon.awssdk.services.kms.model.KeyState;
import software.amazon.awssdk.services.kms.model.NotFoundException;
import software.amazon.awssdk.services.kms.model.Tag;

@ExtendWith(EmulatorExtension.class)
class KmsKeyHandlerTest {
    private static final String ALIAS = "alias/tap-test";
    private static final int WINDOW_DAYS = 10;

    private final CallLog calls = new CallLog();
    private final Crash crash = new Crash();
    private final TestContext ctx = new TestContext("kms.key");
    private AwsClients clients;
    private KmsClient kms;
    private KmsKeyHandler handler;
    private KmsKeySpec spec;

    @BeforeEach
    void setUp(Emulator emulator) {
        clients = HandlerFixture.clients(emulator, calls, crash);
        kms = clients.kms();
        handler = new KmsKeyHandler(kms, clients.eventually());
        spec = new KmsKeySpec(
                ALIAS, "tapctl stack key for tap-test", true, keyPolicy(emulator), WINDOW_DAYS, tags("kms.key", ALIAS));
    }

    @AfterEach
    void tearDown() {
        clients.close();
    }

    private List<KeyMetadata> customerKeys() {
        return kms.listKeysPaginator(r -> {}).keys().stream()
                .map(k -> kms.describeKey(r -> r.keyId(k.keyId())).keyMetadata())
                .filter(k -> k.keyManager() == KeyManagerType.CUSTOMER)
                .toList();
    }

    private String aliasTarget(String alias) {
        return kms.listAliasesPaginator(r -> {}).aliases().stream()
                .filter(a -> a.aliasName().equals(alias))
                .map(AliasListEntry::targetKeyId)
                .findFirst()
                .orElse(null);
    }

    private static List<Tag> kmsTags(Map<String, String> tags) {
        return tags.entrySet().stream()
                .map(e ->
                        Tag.builder().tagKey(e.getKey()).tagValue(e.getValue()).build())
                .toList();
    }

    /** A key as a run that died between CreateKey and CreateAlias left it. */
    private String orphanKey(Map<String, String> ownershipTags) {
        return kms.createKey(r -> r.description(spec.description())
                        .policy(PolicyDocuments.toJson(spec.policy()))
                        .tags(kmsTags(new TestContext("kms.key").tagsToWrite(ownershipTags))))
                .keyMetadata()
                .keyId();
    }

    @Test
    void createMakesAnEnabledRotatingKeyBehindItsAlias() {
        KmsKeyHandler.Live created = handler.create(spec, ctx);

        KeyMetadata key = kms.describeKey(r -> r.keyId(created.keyId())).keyMetadata();
        assertThat(key.keyState()).isEqualTo(KeyState.ENABLED);
        assertThat(key.keyManager()).isEqualTo(KeyManagerType.CUSTOMER);
        assertThat(key.description()).isEqualTo(spec.description());
        assertThat(key.arn())
                .isEqualTo(created.arn())
                .startsWith("arn:aws:kms:us-east-1:123456789012:key/")
                .endsWith(created.keyId());
        assertThat(kms.getKeyRotationStatus(r -> r.keyId(created.keyId())).keyRotationEnabled())
                .isTrue();
        assertThat(aliasTarget(ALIAS)).isEqualTo(created.keyId());
        assertThat(kms.describeKey(r -> r.keyId(ALIAS)).keyMetadata().keyId()).isEqualTo(created.keyId());
        String policy = kms.getKeyPolicy(r -> r.keyId(created.keyId()).policyName("default"))
                .policy();
        assertThat(PolicyDocuments.equivalent(PolicyDocuments.parse(policy), spec.policy()))
                .isTrue();
        assertThat(created.tags()).containsAllEntriesOf(spec.tags()).containsEntry(Tags.SPEC_HASH, "hash-1");
        assertThat(customerKeys()).hasSize(1);

        calls.clear();
        KmsKeyHandler.Live live = handler.read(spec, ctx).orElseThrow();
        assertThat(live.keyId()).isEqualTo(created.keyId());
        assertThat(live.arn()).isEqualTo(created.arn());
        assertThat(live.alias()).isEqualTo(ALIAS);
        assertThat(live.state()).isEqualTo(KeyState.ENABLED);
        assertThat(live.rotationEnabled()).isTrue();
        assertThat(live.tags()).containsAllEntriesOf(spec.tags()).containsEntry(Tags.SPEC_HASH, "hash-1");
        assertThat(SpecHashes.applied(handler, live)).contains("hash-1");
        assertThat(handler.diff(spec, live)).isEmpty();
        assertThat(calls.mutating()).as("read and diff of an unchanged key").isEmpty();
        // create answers without reading back; what it answers must agree with a read.
        assertThat(created).usingRecursiveComparison().ignoringFields("policy").isEqualTo(live);
        assertThat(handler.diff(spec, created)).isEmpty();

        assertThat(handler.outputs(live).values())
                .containsExactlyInAnyOrderEntriesOf(Map.of("keyId", live.keyId(), "arn", live.arn(), "alias", ALIAS));
    }

    @Test
    void readFindsNothingWithoutTheAlias() {
        orphanKey(spec.tags());
        calls.clear();
        assertThat(handler.read(spec, ctx)).isEmpty();
        assertThat(calls.mutating()).isEmpty();
    }

    @Test
    void driftMadeOutsideTapctlIsReportedAndRepaired(Emulator emulator) {
        KmsKeyHandler.Live created = handler.create(spec, ctx);
        String keyId = created.keyId();

        // Someone turns rotation off, narrows the key policy to the root statement, drops a tag.
        ObjectNode rootOnly = Policies.document(
                (ObjectNode) spec.policy().get("Statement").get(0).deepCopy());
        kms.disableKeyRotation(r -> r.keyId(keyId));
        kms.putKeyPolicy(r -> r.keyId(keyId).policyName("default").policy(PolicyDocuments.toJson(rootOnly)));
        kms.untagResource(r -> r.keyId(keyId).tagKeys("CostCenter"));

        KmsKeyHandler.Live drifted = handler.read(spec, ctx).orElseThrow();
        List<AttributeChange> changes = handler.diff(spec, drifted);
        assertThat(changes)
                .extracting(AttributeChange::path)
                .containsExactlyInAnyOrder("rotationEnabled", "policy", "tags.CostCenter");
        assertThat(changes)
                .contains(
                        AttributeChange.of("rotationEnabled", false, true),
                        AttributeChange.of("tags.CostCenter", null, "platform"));
        assertThat(changes).noneMatch(AttributeChange::forcesReplace);
        assertThat(SpecHashes.applied(handler, drifted))
                .as("drift: the spec hash is unchanged")
                .contains("hash-1");

        calls.clear();
        handler.update(spec, drifted, changes, new TestContext("kms.key", "hash-2"));
        assertThat(calls.mutating())
                .extracting(CallLog.Call::operation)
                .containsExactlyInAnyOrder("EnableKeyRotation", "PutKeyPolicy", "TagResource");

        KmsKeyHandler.Live repaired = handler.read(spec, ctx).orElseThrow();
        assertThat(handler.diff(spec, repaired)).isEmpty();
        assertThat(repaired.keyId()).isEqualTo(keyId);
        assertThat(repaired.rotationEnabled()).isTrue();
        assertThat(repaired.tags()).containsEntry("CostCenter", "platform").containsEntry(Tags.SPEC_HASH, "hash-2");
        assertThat(customerKeys()).hasSize(1);
    }

    @Test
    void aDisabledKeyAndAnotherDescriptionAreDriftToo() {
        KmsKeyHandler.Live created = handler.create(spec, ctx);
        kms.disableKey(r -> r.keyId(created.keyId()));
        kms.updateKeyDescription(r -> r.keyId(created.keyId()).description("edited in the console"));

        KmsKeyHandler.Live drifted = handler.read(spec, ctx).orElseThrow();
        List<AttributeChange> changes = handler.diff(spec, drifted);
        assertThat(changes)
                .containsExactlyInAnyOrder(
                        AttributeChange.of("keyState", "Disabled", "Enabled"),
                        AttributeChange.of("description", "edited in the console", spec.description()));

        handler.update(spec, drifted, changes, ctx);
        KmsKeyHandler.Live repaired = handler.read(spec, ctx).orElseThrow();
        assertThat(repaired.state()).isEqualTo(KeyState.ENABLED);
        assertThat(handler.diff(spec, repaired)).isEmpty();
    }

    @Test
    void aDeletionScheduledOutsideTapctlIsCancelledByUpdate() {
        KmsKeyHandler.Live created = handler.create(spec, ctx);
        kms.scheduleKeyDeletion(r -> r.keyId(created.keyId()).pendingWindowInDays(7));

        KmsKeyHandler.Live pending = handler.read(spec, ctx).orElseThrow();
        assertThat(pending.state()).isEqualTo(KeyState.PENDING_DELETION);
        List<AttributeChange> changes = handler.diff(spec, pending);
        assertThat(changes).containsExactly(AttributeChange.of("keyState", "PendingDeletion", "Enabled"));

        handler.update(spec, pending, changes, ctx);
        KmsKeyHandler.Live repaired = handler.read(spec, ctx).orElseThrow();
        assertThat(repaired.state()).isEqualTo(KeyState.ENABLED);
        assertThat(handler.diff(spec, repaired)).isEmpty();
    }

    @Test
    void aKeyLeftWithoutItsAliasByACrashedRunIsAdoptedNotDuplicated() {
        crash.before("CreateAlias");
        assertThatThrownBy(() -> handler.create(spec, ctx)).isInstanceOf(SimulatedCrash.class);
        crash.disarm();
        assertThat(customerKeys()).hasSize(1);
        String orphan = customerKeys().get(0).keyId();
        assertThat(handler.read(spec, ctx)).as("no alias yet").isEmpty();

        KmsKeyHandler.Live adopted = handler.create(spec, ctx);

        assertThat(customerKeys()).as("customer keys after the second create").hasSize(1);
        assertThat(adopted.keyId()).isEqualTo(orphan);
        assertThat(aliasTarget(ALIAS)).isEqualTo(orphan);
        assertThat(handler.diff(spec, handler.read(spec, ctx).orElseThrow())).isEmpty();
    }

    @Test
    void anOrphanKeyMadeBeforeRotationWasEnabledIsAdoptedAndReconciled() {
        String orphan = orphanKey(spec.tags());
        assertThat(kms.getKeyRotationStatus(r -> r.keyId(orphan)).keyRotationEnabled())
                .isFalse();

        KmsKeyHandler.Live adopted = handler.create(spec, new TestContext("kms.key", "hash-2"));

        assertThat(adopted.keyId()).isEqualTo(orphan);
        assertThat(customerKeys()).hasSize(1);
        KmsKeyHandler.Live live = handler.read(spec, ctx).orElseThrow();
        assertThat(live.keyId()).isEqualTo(orphan);
        assertThat(live.rotationEnabled()).isTrue();
        assertThat(live.tags()).containsEntry(Tags.SPEC_HASH, "hash-2");
        assertThat(handler.diff(spec, live)).isEmpty();
    }

    @Test
    void keysOfAnotherEnvironmentOrLogicalIdAreNotAdopted() {
        Map<String, String> prod = new TreeMap<>(spec.tags());
        prod.put(Tags.ENVIRONMENT, "prod");
        Map<String, String> otherId = new TreeMap<>(spec.tags());
        otherId.put(Tags.LOGICAL_ID, "kms.other");
        String prodKey = orphanKey(prod);
        String otherKey = orphanKey(otherId);
        kms.createKey(r -> r.description("not ours"));

        KmsKeyHandler.Live created = handler.create(spec, ctx);

        assertThat(created.keyId()).isNotIn(prodKey, otherKey);
        assertThat(customerKeys()).hasSize(4);
        assertThat(aliasTarget(ALIAS)).isEqualTo(created.keyId());
    }

    @Test
    void deleteRemovesTheAliasAndSchedulesDeletionWithTheSpecsWindow() {
        KmsKeyHandler.Live live = handler.create(spec, ctx);
        Instant before = Instant.now();

        DeleteResult result = handler.delete(spec, live, DeletionPolicy.DELETE, ctx);

        assertThat(result.outcome()).isEqualTo(DeleteResult.Outcome.SCHEDULED);
        assertThat(result.detail()).contains(live.arn()).contains(WINDOW_DAYS + " days");
        KeyMetadata key = kms.describeKey(r -> r.keyId(live.keyId())).keyMetadata();
        assertThat(key.keyState()).isEqualTo(KeyState.PENDING_DELETION);
        assertThat(key.deletionDate())
                .isCloseTo(before.plus(Duration.ofDays(WINDOW_DAYS)), within(1, ChronoUnit.HOURS));
        assertThat(aliasTarget(ALIAS)).isNull();
        assertThatThrownBy(() -> kms.describeKey(r -> r.keyId(ALIAS))).isInstanceOf(NotFoundException.class);

        assertThat(handler.read(spec, ctx)).as("alias gone: nothing to find").isEmpty();

        // The next apply makes a new key; the one pending deletion is not brought back.
        KmsKeyHandler.Live fresh = handler.create(spec, ctx);
        assertThat(fresh.keyId()).isNotEqualTo(live.keyId());
        assertThat(aliasTarget(ALIAS)).isEqualTo(fresh.keyId());
        assertThat(customerKeys()).hasSize(2);
        assertThat(kms.describeKey(r -> r.keyId(live.keyId())).keyMetadata().keyState())
                .isEqualTo(KeyState.PENDING_DELETION);
        assertThat(handler.diff(spec, handler.read(spec, ctx).orElseThrow())).isEmpty();
    }

    @Test
    void deleteOfAKeyAlreadyPendingDeletionDoesNotScheduleAgain() {
        handler.create(spec, ctx);
        KmsKeyHandler.Live live = handler.read(spec, ctx).orElseThrow();
        kms.scheduleKeyDeletion(r -> r.keyId(live.keyId()).pendingWindowInDays(7));
        KmsKeyHandler.Live pending = handler.read(spec, ctx).orElseThrow();

        calls.clear();
        assertThat(handler.delete(spec, pending, DeletionPolicy.DELETE, ctx).outcome())
                .isEqualTo(DeleteResult.Outcome.SCHEDULED);
        assertThat(calls.mutating()).extracting(CallLog.Call::operation).containsExactly("DeleteAlias");
        assertThat(handler.read(spec, ctx)).isEmpty();
    }

    @Test
    void retainKeepsTheKeyAndMakesNoCall() {
        KmsKeyHandler.Live live = handler.create(spec, ctx);
        calls.clear();

        DeleteResult result = Deletions.byPolicy(handler, spec, live, DeletionPolicy.RETAIN, ctx);

        assertThat(result.outcome()).isEqualTo(DeleteResult.Outcome.RETAINED);
        assertThat(calls.calls()).isEmpty();
        assertThat(handler.read(spec, ctx).orElseThrow().state()).isEqualTo(KeyState.ENABLED);
    }

    @Test
    void deleteWithoutTheSpecIsRefusedBecauseTheWindowIsUnknown() {
        KmsKeyHandler.Live live = handler.create(spec, ctx);
        calls.clear();
        assertThatThrownBy(() -> handler.delete(live, DeletionPolicy.DELETE, ctx))
                .isInstanceOf(IllegalStateException.class);
        assertThat(calls.calls()).isEmpty();
    }

    /**
     * A destroy that dies between DeleteAlias and ScheduleKeyDeletion leaves an enabled, tagged key
     * with no alias. read() looks only at the alias, so the next destroy finds nothing and the key
     * is never scheduled for deletion (it is only found again by a later apply's create()).
     */
    @Test
    void aDestroyInterruptedAfterDeleteAliasIsFinishedByTheNextDestroy() {
        KmsKeyHandler.Live live = handler.create(spec, ctx);
        crash.before("ScheduleKeyDeletion");
        assertThatThrownBy(() -> handler.delete(spec, live, DeletionPolicy.DELETE, ctx))
                .isInstanceOf(SimulatedCrash.class);
        crash.disarm();

        // The next destroy reads, then deletes what it found.
        handler.read(spec, ctx).ifPresent(found -> handler.delete(spec, found, DeletionPolicy.DELETE, ctx));

        assertThat(kms.describeKey(r -> r.keyId(live.keyId())).keyMetadata().keyState())
                .as("the key of an interrupted destroy")
                .isEqualTo(KeyState.PENDING_DELETION);
    }
}
