package dev.tapctl.resources.ec2;

import static dev.tapctl.testing.HandlerFixture.tags;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tapctl.aws.AwsClients;
import dev.tapctl.engine.spi.AttributeChange;
import dev.tapctl.engine.spi.DeleteResult;
import dev.tapctl.engine.spi.DeletionPolicy;
import dev.tapctl.engine.spi.Tags;
import dev.tapctl.engine.spi.Unknown;
import dev.tapctl.stack.spec.FlowLogSpec;
import dev.tapctl.testing.CallLog;
import dev.tapctl.testing.Emulator;
import dev.tapctl.testing.EmulatorExtension;
import dev.tapctl.testing.HandlerFixture;
import dev.tapctl.testing.TestContext;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Ec2Exception;

@ExtendWith(EmulatorExtension.class)
class FlowLogHandlerTest {
    private static final String GROUP = "/tap/test/vpc-flow-logs";
    private static final String TRUST = """
            {"Version":"2012-10-17","Statement":[{"Effect":"Allow",
            "Principal":{"Service":"vpc-flow-logs.amazonaws.com"},"Action":"sts:AssumeRole"}]}""";

    private final CallLog calls = new CallLog();
    private final TestContext ctx = new TestContext("network.flowlogs");
    private AwsClients clients;
    private Ec2Client ec2;
    private FlowLogHandler handler;
    private String vpcId;
    private String roleArn;

    @BeforeEach
    void setUp(Emulator emulator) {
        clients = HandlerFixture.clients(emulator, calls);
        ec2 = clients.ec2();
        handler = new FlowLogHandler(ec2);
        vpcId = Ec2TestSupport.createVpc(clients, "network.vpc", "10.20.0.0/16");
        clients.logs().createLogGroup(r -> r.logGroupName(GROUP));
        roleArn = clients.iam()
                .createRole(r -> r.roleName("tap-test-vpc-flow-logs").assumeRolePolicyDocument(TRUST))
                .role()
                .arn();
    }

    @AfterEach
    void tearDown() {
        clients.close();
    }

    private FlowLogSpec spec(String vpc, String trafficType) {
        return new FlowLogSpec(
                "tap-test-vpc-flow-log",
                vpc,
                trafficType,
                GROUP,
                roleArn,
                600,
                tags("network.flowlogs", "tap-test-vpc-flow-log"));
    }

    @Test
    void anotherProjectsFlowLogOfTheSameEnvironmentIsNeverTakenForThisOne() {
        // Another project with an environment called "test" too, and its own VPC and flow log.
        String otherVpc = Ec2TestSupport.createVpc(clients, "network.vpc.acme", "10.30.0.0/16");
        Map<String, String> acmeTags = new TreeMap<>(tags("network.flowlogs", "acme-test-vpc-flow-log"));
        acmeTags.put(Tags.PROJECT, "acme");
        handler.create(
                new FlowLogSpec("acme-test-vpc-flow-log", otherVpc, "ALL", GROUP, roleArn, 600, acmeTags),
                new TestContext("network.flowlogs"));

        // A plan reads before the VPC's id is known: only the tags can tell the two apart.
        FlowLogSpec beforeVpcIsKnown = spec(Unknown.of("network.vpc", "vpcId"), "ALL");
        assertThat(handler.read(beforeVpcIsKnown, ctx)).isEmpty();

        FlowLogHandler.Live ours = handler.create(spec(vpcId, "ALL"), ctx);
        assertThat(handler.read(beforeVpcIsKnown, ctx))
                .hasValueSatisfying(live -> assertThat(live.flowLogId()).isEqualTo(ours.flowLogId()));
    }

    @Test
    void lifecycleRepairsTagsAndDeletes() {
        FlowLogSpec spec = spec(vpcId, "ALL");
        FlowLogHandler.Live created = handler.create(spec, ctx);
        assertThat(created.flowLogId()).startsWith("fl-");

        calls.clear();
        FlowLogHandler.Live live = handler.read(spec, ctx).orElseThrow();
        assertThat(live.flowLogId()).isEqualTo(created.flowLogId());
        assertThat(live.resourceId()).isEqualTo(vpcId);
        assertThat(live.trafficType()).isEqualTo("ALL");
        assertThat(live.logGroupName()).isEqualTo(GROUP);
        assertThat(live.deliverLogsPermissionArn()).isEqualTo(roleArn);
        assertThat(live.maxAggregationInterval()).isEqualTo(600);
        assertThat(live.tags()).containsAllEntriesOf(spec.tags()).containsEntry(Tags.SPEC_HASH, "hash-1");
        assertThat(handler.diff(spec, live)).isEmpty();
        assertThat(calls.mutating()).isEmpty();
        assertThat(handler.outputs(live).get("flowLogId")).contains(live.flowLogId());

        ec2.createTags(r ->
                r.resources(live.flowLogId()).tags(t -> t.key(Tags.MANAGED_BY).value("console")));
        FlowLogHandler.Live drifted = handler.read(spec, ctx).orElseThrow();
        var changes = handler.diff(spec, drifted);
        assertThat(changes).containsExactly(AttributeChange.of("tags." + Tags.MANAGED_BY, "console", "tapctl"));

        calls.clear();
        handler.update(spec, drifted, changes, ctx);
        assertThat(calls.mutating()).extracting(CallLog.Call::operation).containsExactly("CreateTags");
        FlowLogHandler.Live repaired = handler.read(spec, ctx).orElseThrow();
        assertThat(handler.diff(spec, repaired)).isEmpty();

        assertThat(handler.delete(repaired, DeletionPolicy.DELETE, ctx)).isEqualTo(DeleteResult.deleted());
        assertThat(handler.read(spec, ctx)).isEmpty();
        assertThat(handler.delete(repaired, DeletionPolicy.DELETE, ctx)).isEqualTo(DeleteResult.deleted());
    }

    @Test
    void everyOwnedFieldButTagsForcesReplacement() {
        FlowLogHandler.Live live = handler.create(spec(vpcId, "ALL"), ctx);
        FlowLogSpec changed = new FlowLogSpec(
                "tap-test-vpc-flow-log",
                vpcId,
                "REJECT",
                "/tap/test/other",
                "arn:aws:iam::123456789012:role/other",
                60,
                spec(vpcId, "ALL").tags());

        assertThat(handler.diff(changed, live))
                .containsExactlyInAnyOrder(
                        AttributeChange.replacing("trafficType", "ALL", "REJECT"),
                        AttributeChange.replacing("logGroupName", GROUP, "/tap/test/other"),
                        AttributeChange.replacing(
                                "deliverLogsPermissionArn", roleArn, "arn:aws:iam::123456789012:role/other"),
                        AttributeChange.replacing("maxAggregationInterval", 600, 60));
    }

    @Test
    void anUnknownVpcIsNeverSentToAws() {
        handler.create(spec(vpcId, "ALL"), ctx);
        String unknown = Unknown.of("network.vpc", "vpcId");

        FlowLogHandler.Live live = handler.read(spec(unknown, "ALL"), ctx).orElseThrow();
        assertThat(handler.diff(spec(unknown, "ALL"), live))
                .containsExactly(AttributeChange.replacing("vpcId", vpcId, unknown));
    }

    @Test
    void findsOnlyTheFlowLogOfItsVpc() {
        handler.create(spec(vpcId, "ALL"), ctx);
        String otherVpc = Ec2TestSupport.createVpc(clients, "network.other-vpc", "10.30.0.0/16");

        assertThat(handler.read(spec(otherVpc, "ALL"), ctx)).isEmpty();
    }

    @Test
    void aFailedCreateIsAnError() {
        assertThatThrownBy(() -> handler.create(spec("vpc-0123456789abcdef0", "ALL"), ctx))
                .isInstanceOf(Ec2Exception.class);
        assertThat(handler.read(spec(vpcId, "ALL"), ctx)).isEmpty();
    }

    @Test
    void eachCreateCallGetsItsOwnClientTokenWithinEc2sLimit() {
        assertThat(Ec2Calls.clientToken()).isNotEqualTo(Ec2Calls.clientToken()).hasSizeLessThanOrEqualTo(64);
    }
}
