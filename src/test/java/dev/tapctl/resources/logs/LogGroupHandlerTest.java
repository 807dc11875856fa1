package dev.tapctl.resources.logs;

import static dev.tapctl.aws.HandlerTestSupport.keyPolicy;
import static dev.tapctl.aws.HandlerTestSupport.logGroupArn;
import static dev.tapctl.testing.HandlerFixture.tags;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tapctl.aws.AwsClients;
import dev.tapctl.aws.PolicyDocuments;
import dev.tapctl.engine.PlanReads;
import dev.tapctl.engine.spi.AttributeChange;
import dev.tapctl.engine.spi.DeleteResult;
import dev.tapctl.engine.spi.DeletionPolicy;
import dev.tapctl.engine.spi.Ownership;
import dev.tapctl.engine.spi.SpecHashes;
import dev.tapctl.engine.spi.Tags;
import dev.tapctl.stack.Policies;
import dev.tapctl.stack.spec.LogGroupSpec;
import dev.tapctl.testing.CallLog;
import dev.tapctl.testing.Emulator;
import dev.tapctl.testing.EmulatorExtension;
import dev.tapctl.testing.HandlerFixture;
import dev.tapctl.testing.TestContext;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.cloudwatchlogs.model.CloudWatchLogsException;
import software.amazon.awssdk.services.cloudwatchlogs.model.LogGroup;

@ExtendWith(EmulatorExtension.class)
class LogGroupHandlerTest {
    private static final String GROUP = "/tap/test/vpc-flow-logs";
    private static final int RETENTION = 14;

    private final CallLog calls = new CallLog();
    private final TestContext ctx = new TestContext("network.flowlogs.group");
    private AwsClients clients;
    private CloudWatchLogsClient logs;
    private LogGroupHandler handler;
    private Emulator emulator;
    private String keyArn;
    private LogGroupSpec spec;

    @BeforeEach
    void setUp(Emulator emulator) {
        this.emulator = emulator;
        clients = HandlerFixture.clients(emulator, calls);
        logs = clients.logs();
        handler = new LogGroupHandler(logs);
        keyArn = createKey(keyPolicy(emulator));
        spec = new LogGroupSpec(GROUP, RETENTION, keyArn, tags("network.flowlogs.group", GROUP));
    }

    @AfterEach
    void tearDown() {
        clients.close();
    }

    /** A real key in the emulator; CloudWatch Logs accepts it only if its policy lets logs.REGION use it. */
    private String createKey(ObjectNode policy) {
        return clients.kms()
                .createKey(r -> r.description("log group test key").policy(PolicyDocuments.toJson(policy)))
                .keyMetadata()
                .arn();
    }

    private LogGroup describe() {
        return logs.describeLogGroups(r -> r.logGroupNamePrefix(GROUP)).logGroups().stream()
                .filter(g -> g.logGroupName().equals(GROUP))
                .findFirst()
                .orElseThrow();
    }

    @Test
    void aPlanListsTheEnvironmentsGroupsOncePerPrefixForReadsAndOrphans() {
        String access = "/tap/test/api-access";
        LogGroupSpec accessSpec = new LogGroupSpec(access, RETENTION, keyArn, tags("api.logs", access));
        LogGroupHandler.Live flow = handler.create(spec, ctx);
        LogGroupHandler.Live api = handler.create(accessSpec, new TestContext("api.logs"));
        LogGroupSpec absent = new LogGroupSpec("/tap/test/nothing-here", RETENTION, keyArn, tags("x.logs", "x"));

        calls.clear();
        PlanReads plan = new PlanReads();
        assertThat(handler.read(spec, ctx.sharing(plan))).contains(flow);
        assertThat(handler.read(accessSpec, ctx.sharing(plan))).contains(api);
        assertThat(handler.read(absent, ctx.sharing(plan))).isEmpty();
        assertThat(handler.listOrphans(
                        new Ownership(HandlerFixture.PROJECT, HandlerFixture.ENV, "tap-test-", Set.of(GROUP, access)),
                        plan))
                .isEmpty();
        assertThat(calls.matching(c -> c.operation().equals("DescribeLogGroups")))
                .as("one listing of /tap/test/ for the three reads and the orphans, one of /aws/lambda/tap-test-")
                .hasSize(2);
        assertThat(handler.read(spec, ctx))
                .as("a read outside a plan sees the same")
                .contains(flow);
    }

    @Test
    void createMakesAnEncryptedGroupWithRetentionAndTags() {
        LogGroupHandler.Live created = handler.create(spec, ctx);

        String arn = logGroupArn(emulator, GROUP);
        assertThat(created.arn()).isEqualTo(arn);
        LogGroup group = describe();
        assertThat(group.retentionInDays()).isEqualTo(RETENTION);
        assertThat(group.kmsKeyId()).isEqualTo(keyArn);
        assertThat(logs.listTagsForResource(r -> r.resourceArn(arn)).tags())
                .containsAllEntriesOf(spec.tags())
                .containsEntry(Tags.SPEC_HASH, "hash-1");

        calls.clear();
        LogGroupHandler.Live live = handler.read(spec, ctx).orElseThrow();
        assertThat(live.name()).isEqualTo(GROUP);
        assertThat(live.arn()).isEqualTo(arn).doesNotEndWith(":*");
        assertThat(live.retentionDays()).isEqualTo(RETENTION);
        assertThat(live.kmsKeyId()).isEqualTo(keyArn);
        assertThat(live.tags()).containsAllEntriesOf(spec.tags()).containsEntry(Tags.SPEC_HASH, "hash-1");
        assertThat(SpecHashes.applied(handler, live)).contains("hash-1");
        assertThat(handler.diff(spec, live)).isEmpty();
        assertThat(calls.mutating()).as("read and diff of an unchanged group").isEmpty();

        assertThat(handler.outputs(live).values())
                .containsExactlyInAnyOrderEntriesOf(Map.of("name", GROUP, "arn", arn));
    }

    @Test
    void readFindsOnlyTheGroupWithThatExactName() {
        logs.createLogGroup(r -> r.logGroupName(GROUP + "-other"));
        logs.createLogGroup(r -> r.logGroupName("/tap/test/vpc-flow"));
        calls.clear();
        assertThat(handler.read(spec, ctx)).isEmpty();
        assertThat(calls.mutating()).isEmpty();
    }

    @Test
    void driftMadeOutsideTapctlIsReportedAndRepaired() {
        LogGroupHandler.Live created = handler.create(spec, ctx);
        logs.putRetentionPolicy(r -> r.logGroupName(GROUP).retentionInDays(30));
        logs.untagResource(r -> r.resourceArn(created.arn()).tagKeys("CostCenter", Tags.MANAGED_BY));

        LogGroupHandler.Live drifted = handler.read(spec, ctx).orElseThrow();
        List<AttributeChange> changes = handler.diff(spec, drifted);
        assertThat(changes)
                .containsExactlyInAnyOrder(
                        AttributeChange.of("retentionDays", 30, RETENTION),
                        AttributeChange.of("tags.CostCenter", null, "platform"),
                        AttributeChange.of("tags." + Tags.MANAGED_BY, null, Tags.MANAGED_BY_VALUE));
        assertThat(SpecHashes.applied(handler, drifted)).contains("hash-1");

        calls.clear();
        handler.update(spec, drifted, changes, new TestContext("network.flowlogs.group", "hash-2"));
        assertThat(calls.mutating())
                .extracting(CallLog.Call::operation)
                .containsExactlyInAnyOrder("PutRetentionPolicy", "TagResource");

        LogGroupHandler.Live repaired = handler.read(spec, ctx).orElseThrow();
        assertThat(handler.diff(spec, repaired)).isEmpty();
        assertThat(repaired.retentionDays()).isEqualTo(RETENTION);
        assertThat(repaired.tags()).containsEntry(Tags.SPEC_HASH, "hash-2");
    }

    @Test
    void aRemovedRetentionOrAnotherKeyIsDriftToo() {
        handler.create(spec, ctx);
        String otherKey = createKey(keyPolicy(emulator));
        logs.deleteRetentionPolicy(r -> r.logGroupName(GROUP));
        logs.associateKmsKey(r -> r.logGroupName(GROUP).kmsKeyId(otherKey));

        LogGroupHandler.Live drifted = handler.read(spec, ctx).orElseThrow();
        List<AttributeChange> changes = handler.diff(spec, drifted);
        assertThat(changes)
                .containsExactlyInAnyOrder(
                        AttributeChange.of("retentionDays", null, RETENTION),
                        AttributeChange.of("kmsKeyArn", otherKey, keyArn));

        handler.update(spec, drifted, changes, ctx);
        LogGroupHandler.Live repaired = handler.read(spec, ctx).orElseThrow();
        assertThat(repaired.kmsKeyId()).isEqualTo(keyArn);
        assertThat(handler.diff(spec, repaired)).isEmpty();
    }

    @Test
    void createAdoptsAGroupThatAlreadyExists() {
        // A run that died after CreateLogGroup, or a group someone made by hand: no key, no retention.
        logs.createLogGroup(r -> r.logGroupName(GROUP).tags(Map.of("Owner", "someone")));

        calls.clear();
        LogGroupHandler.Live adopted = handler.create(spec, ctx);
        assertThat(calls.mutating())
                .extracting(CallLog.Call::operation)
                .containsExactlyInAnyOrder("CreateLogGroup", "PutRetentionPolicy", "AssociateKmsKey", "TagResource");

        assertThat(adopted.arn()).isEqualTo(logGroupArn(emulator, GROUP));
        assertThat(logs.describeLogGroups(r -> r.logGroupNamePrefix(GROUP)).logGroups())
                .hasSize(1);
        LogGroupHandler.Live live = handler.read(spec, ctx).orElseThrow();
        assertThat(handler.diff(spec, live)).isEmpty();
        assertThat(live.kmsKeyId()).isEqualTo(keyArn);
        assertThat(live.retentionDays()).isEqualTo(RETENTION);
        assertThat(live.tags()).containsEntry("Owner", "someone").containsEntry(Tags.SPEC_HASH, "hash-1");
    }

    @Test
    void aKeyWhosePolicyDoesNotAllowCloudWatchLogsIsRefusedAsOnAws() {
        ObjectNode rootOnly = Policies.document(
                (ObjectNode) keyPolicy(emulator).get("Statement").get(0).deepCopy());
        LogGroupSpec withUnusableKey = new LogGroupSpec(GROUP, RETENTION, createKey(rootOnly), spec.tags());

        assertThatThrownBy(() -> handler.create(withUnusableKey, ctx))
                .isInstanceOf(CloudWatchLogsException.class)
                .hasMessageContaining("not allowed to be used with Arn");
        assertThat(handler.read(spec, ctx)).isEmpty();
    }

    @Test
    void deleteRemovesTheGroupAndToleratesItBeingGone() {
        LogGroupHandler.Live live = handler.create(spec, ctx);

        assertThat(handler.delete(live, DeletionPolicy.DELETE, ctx)).isEqualTo(DeleteResult.deleted());
        assertThat(handler.read(spec, ctx)).isEmpty();

        calls.clear();
        assertThat(handler.delete(live, DeletionPolicy.DELETE, ctx)).isEqualTo(DeleteResult.deleted());
        assertThat(calls.mutating()).extracting(CallLog.Call::operation).containsExactly("DeleteLogGroup");
    }
}
