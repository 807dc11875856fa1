package dev.tapctl.resources.ec2;

import static dev.tapctl.testing.HandlerFixture.tags;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tapctl.aws.AwsClients;
import dev.tapctl.engine.PlanReads;
import dev.tapctl.engine.spi.AttributeChange;
import dev.tapctl.engine.spi.DeleteResult;
import dev.tapctl.engine.spi.DeletionPolicy;
import dev.tapctl.engine.spi.Tags;
import dev.tapctl.stack.spec.SubnetSpec;
import dev.tapctl.testing.CallLog;
import dev.tapctl.testing.Emulator;
import dev.tapctl.testing.EmulatorExtension;
import dev.tapctl.testing.HandlerFixture;
import dev.tapctl.testing.TestContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.ec2.Ec2Client;

@ExtendWith(EmulatorExtension.class)
class SubnetHandlerTest {
    private final CallLog calls = new CallLog();
    private final TestContext ctx = new TestContext("network.subnet.public-1");
    private AwsClients clients;
    private Ec2Client ec2;
    private SubnetHandler handler;
    private String vpcId;

    @BeforeEach
    void setUp(Emulator emulator) {
        clients = HandlerFixture.clients(emulator, calls);
        ec2 = clients.ec2();
        handler = new SubnetHandler(ec2, clients.waiterConfig(), clients.eventually());
        vpcId = Ec2TestSupport.createVpc(clients, "network.vpc", "10.20.0.0/16");
    }

    @AfterEach
    void tearDown() {
        clients.close();
    }

    private SubnetSpec spec(String cidr, String zone, boolean mapPublicIp) {
        return new SubnetSpec(
                "tap-test-public-a",
                vpcId,
                cidr,
                zone,
                mapPublicIp,
                tags("network.subnet.public-1", "tap-test-public-a"));
    }

    @Test
    void aPlanReadsTheEnvironmentsSubnetsWithOneDescribe() {
        SubnetSpec first = spec("10.20.0.0/20", "us-east-1a", false);
        SubnetSpec second = new SubnetSpec(
                "tap-test-public-b",
                vpcId,
                "10.20.16.0/20",
                "us-east-1b",
                false,
                tags("network.subnet.public-2", "tap-test-public-b"));
        SubnetSpec otherEnv = new SubnetSpec(
                "tap-other-public-a",
                vpcId,
                "10.20.32.0/20",
                "us-east-1a",
                false,
                tags("network.subnet.public-1", "tap-other-public-a", "other"));
        SubnetHandler.Live a = handler.create(first, ctx);
        SubnetHandler.Live b = handler.create(second, new TestContext("network.subnet.public-2"));
        SubnetHandler.Live elsewhere = handler.create(otherEnv, ctx);
        SubnetSpec absent = new SubnetSpec(
                "tap-test-private-a",
                vpcId,
                "10.20.48.0/20",
                "us-east-1a",
                false,
                tags("network.subnet.private-1", "tap-test-private-a"));

        calls.clear();
        PlanReads plan = new PlanReads();
        assertThat(handler.read(first, ctx.sharing(plan)))
                .contains(a)
                .isEqualTo(handler.read(first, new TestContext("x")));
        calls.clear();
        assertThat(handler.read(second, ctx.sharing(plan))).contains(b);
        assertThat(handler.read(absent, ctx.sharing(plan))).isEmpty();
        assertThat(calls.operations())
                .as("the plan's second and third reads reuse its describe")
                .isEmpty();
        // The same logical id in another environment is not this one's.
        assertThat(handler.read(otherEnv, ctx.sharing(new PlanReads()))).contains(elsewhere);
    }

    @Test
    void lifecycleRepairsDriftAndDeletes() {
        SubnetSpec spec = spec("10.20.0.0/20", "us-east-1a", false);
        SubnetHandler.Live created = handler.create(spec, ctx);

        calls.clear();
        SubnetHandler.Live live = handler.read(spec, ctx).orElseThrow();
        assertThat(live).isEqualTo(created);
        assertThat(live.subnetId()).startsWith("subnet-");
        assertThat(live.vpcId()).isEqualTo(vpcId);
        assertThat(live.cidr()).isEqualTo("10.20.0.0/20");
        assertThat(live.availabilityZone()).isEqualTo("us-east-1a");
        assertThat(live.mapPublicIpOnLaunch()).isFalse();
        assertThat(live.tags()).containsAllEntriesOf(spec.tags()).containsEntry(Tags.SPEC_HASH, "hash-1");
        assertThat(handler.diff(spec, live)).isEmpty();
        assertThat(calls.mutating()).isEmpty();
        assertThat(handler.outputs(live).get("subnetId")).contains(live.subnetId());

        // Public IPs switched on and a configured tag changed, out of band.
        ec2.modifySubnetAttribute(r -> r.subnetId(live.subnetId()).mapPublicIpOnLaunch(b -> b.value(true)));
        ec2.createTags(
                r -> r.resources(live.subnetId()).tags(t -> t.key("CostCenter").value("someone-else")));
        SubnetHandler.Live drifted = handler.read(spec, ctx).orElseThrow();
        var changes = handler.diff(spec, drifted);
        assertThat(changes)
                .containsExactlyInAnyOrder(
                        AttributeChange.of("mapPublicIpOnLaunch", true, false),
                        AttributeChange.of("tags.CostCenter", "someone-else", "platform"));

        handler.update(spec, drifted, changes, ctx);
        SubnetHandler.Live repaired = handler.read(spec, ctx).orElseThrow();
        assertThat(handler.diff(spec, repaired)).isEmpty();

        assertThat(handler.delete(repaired, DeletionPolicy.DELETE, ctx)).isEqualTo(DeleteResult.deleted());
        assertThat(handler.read(spec, ctx)).isEmpty();
        assertThat(handler.delete(repaired, DeletionPolicy.DELETE, ctx)).isEqualTo(DeleteResult.deleted());
    }

    @Test
    void publicIpOnLaunchIsSetAtCreate() {
        SubnetSpec spec = spec("10.20.16.0/20", "us-east-1b", true);
        handler.create(spec, ctx);

        SubnetHandler.Live live = handler.read(spec, ctx).orElseThrow();
        assertThat(live.mapPublicIpOnLaunch()).isTrue();
        assertThat(handler.diff(spec, live)).isEmpty();
    }

    @Test
    void placementChangesForceReplacement() {
        SubnetHandler.Live live = handler.create(spec("10.20.0.0/20", "us-east-1a", false), ctx);

        assertThat(handler.diff(spec("10.20.32.0/20", "us-east-1b", false), live))
                .containsExactlyInAnyOrder(
                        AttributeChange.replacing("cidr", "10.20.0.0/20", "10.20.32.0/20"),
                        AttributeChange.replacing("availabilityZone", "us-east-1a", "us-east-1b"));
        SubnetSpec otherVpc = new SubnetSpec(
                "tap-test-public-a",
                "vpc-0123456789abcdef0",
                "10.20.0.0/20",
                "us-east-1a",
                false,
                spec("10.20.0.0/20", "us-east-1a", false).tags());
        assertThat(handler.diff(otherVpc, live))
                .containsExactly(AttributeChange.replacing("vpcId", vpcId, "vpc-0123456789abcdef0"));
    }
}
