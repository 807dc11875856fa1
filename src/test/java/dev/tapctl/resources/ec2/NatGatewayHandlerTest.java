package dev.tapctl.resources.ec2;

import static dev.tapctl.testing.HandlerFixture.tags;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tapctl.aws.AwsClients;
import dev.tapctl.engine.spi.AttributeChange;
import dev.tapctl.engine.spi.DeleteResult;
import dev.tapctl.engine.spi.DeletionPolicy;
import dev.tapctl.engine.spi.Tags;
import dev.tapctl.stack.spec.ElasticIpSpec;
import dev.tapctl.stack.spec.InternetGatewaySpec;
import dev.tapctl.stack.spec.NatGatewaySpec;
import dev.tapctl.testing.CallLog;
import dev.tapctl.testing.Emulator;
import dev.tapctl.testing.EmulatorExtension;
import dev.tapctl.testing.HandlerFixture;
import dev.tapctl.testing.TestContext;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.ConnectivityType;
import software.amazon.awssdk.services.ec2.model.ResourceType;

/** Elastic IPs and NAT gateways against the emulator, the NAT gateway's states with realism on. */
@ExtendWith(EmulatorExtension.class)
class NatGatewayHandlerTest {
    private final CallLog calls = new CallLog();
    private final TestContext eipCtx = new TestContext("network.nat-eip-1");
    private final TestContext ctx = new TestContext("network.nat-1");
    private Emulator emulator;
    private AwsClients clients;
    private Ec2Client ec2;
    private ElasticIpHandler eips;
    private NatGatewayHandler nats;
    private String vpcId;
    private String subnetId;
    private InternetGatewayHandler.Live igw;

    @BeforeEach
    void setUp(Emulator emulator) {
        this.emulator = emulator;
        clients = HandlerFixture.clients(emulator, calls);
        ec2 = clients.ec2();
        eips = new ElasticIpHandler(ec2, clients.eventually());
        nats = new NatGatewayHandler(ec2, clients.waiterConfig(), clients.eventually());
        vpcId = Ec2TestSupport.createVpc(clients, "network.vpc", "10.40.0.0/16");
        subnetId = ec2.createSubnet(r -> r.vpcId(vpcId).cidrBlock("10.40.0.0/20"))
                .subnet()
                .subnetId();
        igw = new InternetGatewayHandler(ec2, clients.eventually())
                .create(
                        new InternetGatewaySpec("tap-test-igw", vpcId, tags("network.igw", "tap-test-igw")),
                        new TestContext("network.igw"));
    }

    @AfterEach
    void tearDown() {
        clients.close();
    }

    private static ElasticIpSpec eipSpec() {
        return new ElasticIpSpec("tap-test-nat-1", tags("network.nat-eip-1", "tap-test-nat-1"));
    }

    private NatGatewaySpec spec(String allocationId) {
        return new NatGatewaySpec("tap-test-nat-1", subnetId, allocationId, tags("network.nat-1", "tap-test-nat-1"));
    }

    @Test
    void elasticIpIsAllocatedFoundByTagsRetaggedAndReleased() {
        ElasticIpHandler.Live created = eips.create(eipSpec(), eipCtx);
        assertThat(created.allocationId()).startsWith("eipalloc-");

        calls.clear();
        ElasticIpHandler.Live live = eips.read(eipSpec(), eipCtx).orElseThrow();
        assertThat(live.allocationId()).isEqualTo(created.allocationId());
        assertThat(live.publicIp()).isEqualTo(created.publicIp()).isNotBlank();
        assertThat(live.tags()).containsAllEntriesOf(eipSpec().tags()).containsEntry(Tags.SPEC_HASH, "hash-1");
        assertThat(eips.diff(eipSpec(), live)).isEmpty();
        assertThat(calls.operations()).containsExactly("DescribeAddresses");
        assertThat(eips.outputs(live).get("allocationId")).contains(live.allocationId());

        ec2.createTags(
                r -> r.resources(live.allocationId()).tags(t -> t.key(Tags.NAME).value("renamed")));
        ElasticIpHandler.Live drifted = eips.read(eipSpec(), eipCtx).orElseThrow();
        var changes = eips.diff(eipSpec(), drifted);
        assertThat(changes).hasSize(1);
        assertThat(changes.get(0).path()).contains(Tags.NAME);
        eips.update(eipSpec(), drifted, changes, eipCtx);
        assertThat(eips.diff(eipSpec(), eips.read(eipSpec(), eipCtx).orElseThrow()))
                .isEmpty();

        assertThat(eips.delete(live, DeletionPolicy.DELETE, eipCtx)).isEqualTo(DeleteResult.deleted());
        assertThat(eips.read(eipSpec(), eipCtx)).isEmpty();
        // Released already: done, not an error.
        assertThat(eips.delete(live, DeletionPolicy.DELETE, eipCtx)).isEqualTo(DeleteResult.deleted());
    }

    @Test
    void natGatewayLifecycleWithItsStatesUnderRealism() {
        ElasticIpHandler.Live eip = eips.create(eipSpec(), eipCtx);
        emulator.realism().enable(Map.of("nat_pending", 1.0, "nat_deleting", 1.0, "ec2_consistency", 0.0));

        NatGatewayHandler.Live created = nats.create(spec(eip.allocationId()), ctx);
        assertThat(created.state()).isEqualTo("available");
        assertThat(ctx.statuses).contains("waiting for available");
        assertThat(emulator.realism().count("ec2.nat_pending")).isPositive();

        calls.clear();
        NatGatewayHandler.Live live = nats.read(spec(eip.allocationId()), ctx).orElseThrow();
        assertThat(live.natGatewayId()).isEqualTo(created.natGatewayId()).startsWith("nat-");
        assertThat(live.subnetId()).isEqualTo(subnetId);
        assertThat(live.vpcId()).isEqualTo(vpcId);
        assertThat(live.allocationId()).isEqualTo(eip.allocationId());
        assertThat(live.tags()).containsEntry(Tags.SPEC_HASH, "hash-1");
        assertThat(nats.diff(spec(eip.allocationId()), live)).isEmpty();
        assertThat(calls.mutating()).isEmpty();
        assertThat(nats.outputs(live).get("natGatewayId")).contains(live.natGatewayId());

        // Another address or subnet is another gateway.
        assertThat(nats.diff(spec("eipalloc-0other"), live))
                .containsExactly(AttributeChange.replacing("allocationId", eip.allocationId(), "eipalloc-0other"));

        // The gateway holds its address and the VPC's public mapping until it is deleted.
        ElasticIpHandler.Live held = eips.read(eipSpec(), eipCtx).orElseThrow();
        assertThat(held.associationId()).isNotNull();

        assertThat(nats.delete(live, DeletionPolicy.DELETE, ctx)).isEqualTo(DeleteResult.deleted());
        assertThat(ctx.statuses).contains("waiting for deleted");
        assertThat(emulator.realism().count("ec2.nat_deleting")).isPositive();
        assertThat(ec2.describeNatGateways(r -> r.natGatewayIds(live.natGatewayId()))
                        .natGateways()
                        .get(0)
                        .stateAsString())
                .isEqualTo("deleted");
        assertThat(nats.read(spec(eip.allocationId()), ctx)).isEmpty();
        // Deleted, not deleting: address and mapping are free at once.
        eips.delete(held, DeletionPolicy.DELETE, eipCtx);
        new InternetGatewayHandler(ec2, clients.eventually())
                .delete(igw, DeletionPolicy.DELETE, new TestContext("network.igw"));
        assertThat(emulator.realism().count("ec2.address_in_use")).isZero();
        assertThat(emulator.realism().count("ec2.mapped_public_address")).isZero();
    }

    @Test
    void addressReleaseWaitsOutAGatewayStillDeleting() {
        ElasticIpHandler.Live eip = eips.create(eipSpec(), eipCtx);
        NatGatewayHandler.Live nat = nats.create(spec(eip.allocationId()), ctx);
        emulator.realism().enable(Map.of("nat_deleting", 1.0, "ec2_consistency", 0.0));
        ec2.deleteNatGateway(r -> r.natGatewayId(nat.natGatewayId()));

        // Released while the gateway is still deleting: InvalidIPAddress.InUse, waited out.
        TestContext releasing = new TestContext("network.nat-eip-1");
        assertThat(eips.delete(eip, DeletionPolicy.DELETE, releasing)).isEqualTo(DeleteResult.deleted());
        assertThat(emulator.realism().count("ec2.address_in_use")).isPositive();
        assertThat(releasing.statuses).anyMatch(s -> s.startsWith("waiting for the NAT gateway holding"));
        assertThat(eips.read(eipSpec(), eipCtx)).isEmpty();
    }

    @Test
    void internetGatewayDetachWaitsOutAGatewayStillDeleting() {
        ElasticIpHandler.Live eip = eips.create(eipSpec(), eipCtx);
        NatGatewayHandler.Live nat = nats.create(spec(eip.allocationId()), ctx);
        emulator.realism().enable(Map.of("nat_deleting", 1.0, "ec2_consistency", 0.0));
        ec2.deleteNatGateway(r -> r.natGatewayId(nat.natGatewayId()));

        TestContext detaching = new TestContext("network.igw");
        new InternetGatewayHandler(ec2, clients.eventually()).delete(igw, DeletionPolicy.DELETE, detaching);
        assertThat(emulator.realism().count("ec2.mapped_public_address")).isPositive();
        assertThat(ec2.describeInternetGateways(r -> r.filters(Ec2Tags.filter("attachment.vpc-id", vpcId)))
                        .internetGateways())
                .isEmpty();
    }

    @Test
    void aPendingGatewayLeftByACrashIsAdoptedAFailedOneIsNot() {
        ElasticIpHandler.Live eip = eips.create(eipSpec(), eipCtx);
        Map<String, String> tags = ctx.tagsToWrite(spec(eip.allocationId()).tags());
        String left = ec2.createNatGateway(r -> r.subnetId(subnetId)
                        .allocationId(eip.allocationId())
                        .connectivityType(ConnectivityType.PUBLIC)
                        .tagSpecifications(Ec2Tags.specification(ResourceType.NATGATEWAY, tags)))
                .natGateway()
                .natGatewayId();

        assertThat(nats.read(spec(eip.allocationId()), ctx).orElseThrow().natGatewayId())
                .isEqualTo(left);
        calls.clear();
        NatGatewayHandler.Live adopted = nats.create(spec(eip.allocationId()), ctx);
        assertThat(adopted.natGatewayId()).isEqualTo(left);
        assertThat(calls.operations()).doesNotContain("CreateNatGateway");

        // Deleted (as a failed one would be, by AWS): not the resource any more.
        ec2.deleteNatGateway(r -> r.natGatewayId(left));
        assertThat(nats.read(spec(eip.allocationId()), ctx)).isEmpty();
    }

    @Test
    void aGatewayOfAnotherEnvironmentIsNotFound() {
        ElasticIpHandler.Live eip = eips.create(eipSpec(), eipCtx);
        Map<String, String> other =
                new HashMap<>(ctx.tagsToWrite(spec(eip.allocationId()).tags()));
        other.put(Tags.ENVIRONMENT, "other");
        ec2.createNatGateway(r -> r.subnetId(subnetId)
                .allocationId(eip.allocationId())
                .tagSpecifications(Ec2Tags.specification(ResourceType.NATGATEWAY, other)));
        assertThat(nats.read(spec(eip.allocationId()), ctx)).isEmpty();
    }
}
