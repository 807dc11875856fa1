package dev.tapctl.resources.ec2;

import static dev.tapctl.testing.HandlerFixture.tags;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tapctl.aws.AwsClients;
import dev.tapctl.engine.spi.AttributeChange;
import dev.tapctl.engine.spi.DeleteResult;
import dev.tapctl.engine.spi.DeletionPolicy;
import dev.tapctl.engine.spi.SpecHashes;
import dev.tapctl.engine.spi.Tags;
import dev.tapctl.stack.spec.VpcSpec;
import dev.tapctl.testing.CallLog;
import dev.tapctl.testing.Emulator;
import dev.tapctl.testing.EmulatorExtension;
import dev.tapctl.testing.Faults;
import dev.tapctl.testing.HandlerFixture;
import dev.tapctl.testing.TestContext;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.VpcState;

@ExtendWith(EmulatorExtension.class)
class VpcHandlerTest {
    private final CallLog calls = new CallLog();
    private AwsClients clients;
    private Ec2Client ec2;
    private VpcHandler handler;
    private final TestContext ctx = new TestContext("network.vpc");
    private final VpcSpec spec =
            new VpcSpec("tap-test-vpc", "10.20.0.0/16", true, true, tags("network.vpc", "tap-test-vpc"));

    @BeforeEach
    void setUp(Emulator emulator) {
        clients = HandlerFixture.clients(emulator, calls);
        ec2 = clients.ec2();
        handler = new VpcHandler(ec2, clients.waiterConfig(), clients.eventually());
    }

    @AfterEach
    void tearDown() {
        clients.close();
    }

    @Test
    void aNewVpcIsConfirmedByItsIdAndWaitedForOnlyWhileEc2SaysPending(Emulator emulator) {
        java.util.concurrent.atomic.AtomicInteger describes = new java.util.concurrent.atomic.AtomicInteger();
        try (AwsClients pending = HandlerFixture.clients(
                emulator,
                calls,
                Faults.answer(
                        "DescribeVpcs",
                        software.amazon.awssdk.services.ec2.model.DescribeVpcsResponse.class,
                        answer -> describes.incrementAndGet() > 1
                                ? answer
                                : answer.toBuilder()
                                        .vpcs(answer.vpcs().stream()
                                                .map(vpc -> vpc.toBuilder()
                                                        .state(VpcState.PENDING)
                                                        .build())
                                                .toList())
                                        .build()))) {
            calls.clear();
            new VpcHandler(pending.ec2(), pending.waiterConfig(), pending.eventually()).create(spec, ctx);
            assertThat(ctx.statuses).contains("waiting for available");
            assertThat(describes.get())
                    .as("the confirming describe, then the waiter's")
                    .isGreaterThanOrEqualTo(2);
        }

        TestContext other = new TestContext("network.vpc.other");
        calls.clear();
        handler.create(
                new VpcSpec("tap-test-other", "10.21.0.0/16", true, true, tags("network.vpc.other", "tap-test-other")),
                other);
        assertThat(other.statuses).as("the emulator answers available at once").isEmpty();
        assertThat(calls.operations())
                .as("one describe confirms the new id (EC2 eventual consistency)")
                .containsOnlyOnce("DescribeVpcs");
    }

    @Test
    void lifecycleRepairsDriftAndDeletes() {
        VpcHandler.Live created = handler.create(spec, ctx);
        assertThat(created.vpcId()).startsWith("vpc-");

        calls.clear();
        VpcHandler.Live live = handler.read(spec, ctx).orElseThrow();
        assertThat(live.vpcId()).isEqualTo(created.vpcId());
        assertThat(live.cidr()).isEqualTo("10.20.0.0/16");
        assertThat(live.dnsSupport()).isTrue();
        assertThat(live.dnsHostnames()).isTrue();
        assertThat(live.tags()).containsAllEntriesOf(spec.tags()).containsEntry(Tags.SPEC_HASH, "hash-1");
        assertThat(SpecHashes.applied(handler, live)).contains("hash-1");
        assertThat(handler.diff(spec, live)).isEmpty();
        assertThat(calls.mutating()).as("read and diff of an unchanged VPC").isEmpty();
        assertThat(handler.outputs(live).get("vpcId")).contains(live.vpcId());

        // Someone turns hostnames off and renames the VPC in the console.
        ec2.modifyVpcAttribute(r -> r.vpcId(live.vpcId()).enableDnsHostnames(b -> b.value(false)));
        ec2.createTags(r -> r.resources(live.vpcId()).tags(t -> t.key(Tags.NAME).value("renamed")));
        VpcHandler.Live drifted = handler.read(spec, ctx).orElseThrow();
        var changes = handler.diff(spec, drifted);
        assertThat(changes)
                .containsExactlyInAnyOrder(
                        AttributeChange.of("dnsHostnames", false, true),
                        AttributeChange.of("tags." + Tags.NAME, "renamed", "tap-test-vpc"));

        TestContext newHash = new TestContext("network.vpc", "hash-2");
        handler.update(spec, drifted, changes, newHash);
        VpcHandler.Live repaired = handler.read(spec, ctx).orElseThrow();
        assertThat(handler.diff(spec, repaired)).isEmpty();
        assertThat(repaired.dnsHostnames()).isTrue();
        assertThat(repaired.tags()).containsEntry(Tags.SPEC_HASH, "hash-2");

        assertThat(handler.delete(repaired, DeletionPolicy.DELETE, ctx)).isEqualTo(DeleteResult.deleted());
        assertThat(handler.read(spec, ctx)).isEmpty();
        // Deleting what is already gone is the goal reached.
        assertThat(handler.delete(repaired, DeletionPolicy.DELETE, ctx)).isEqualTo(DeleteResult.deleted());
    }

    @Test
    void dnsSettingsAreAppliedInAnOrderAwsAccepts() {
        VpcSpec noDns = new VpcSpec("tap-test-vpc", "10.20.0.0/16", false, false, spec.tags());
        VpcHandler.Live live = handler.create(noDns, ctx);
        assertThat(handler.diff(noDns, handler.read(noDns, ctx).orElseThrow())).isEmpty();

        var changes = handler.diff(spec, live);
        assertThat(changes).extracting(AttributeChange::path).containsExactlyInAnyOrder("dnsSupport", "dnsHostnames");
        handler.update(spec, live, changes, ctx);
        assertThat(handler.diff(spec, handler.read(spec, ctx).orElseThrow())).isEmpty();
    }

    @Test
    void anotherCidrForcesReplacement() {
        VpcHandler.Live live = handler.create(spec, ctx);
        VpcSpec wider = new VpcSpec("tap-test-vpc", "10.30.0.0/16", true, true, spec.tags());
        assertThat(handler.diff(wider, live))
                .containsExactly(AttributeChange.replacing("cidr", "10.20.0.0/16", "10.30.0.0/16"));
    }

    @Test
    void findsOnlyItsOwnEnvironmentsVpc() {
        handler.create(
                new VpcSpec("tap-prod-vpc", "10.20.0.0/16", true, true, tags("network.vpc", "tap-prod-vpc", "prod")),
                ctx);
        ec2.createVpc(r -> r.cidrBlock("10.40.0.0/16"));

        assertThat(handler.read(spec, ctx)).isEmpty();
    }

    @Test
    void twoVpcsWithTheSameOwnershipTagsAreReportedNotGuessed() {
        handler.create(spec, ctx);
        handler.create(spec, ctx);

        assertThatThrownBy(() -> handler.read(spec, ctx))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("found 2 VPCs tagged tapctl:logical-id=network.vpc");
    }

    @Test
    void aSpecWithoutOwnershipTagsIsRefusedRatherThanMatchingOthers() {
        Map<String, String> noLogicalId = new TreeMap<>(spec.tags());
        noLogicalId.remove(Tags.LOGICAL_ID);
        calls.clear();
        assertThatThrownBy(
                        () -> handler.read(new VpcSpec("tap-test-vpc", "10.20.0.0/16", true, true, noLogicalId), ctx))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(Tags.LOGICAL_ID);
        assertThat(calls.operations()).isEmpty();
    }
}
