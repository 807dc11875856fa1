package dev.tapctl.resources.ec2;

import static dev.tapctl.testing.HandlerFixture.tags;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tapctl.aws.AwsClients;
import dev.tapctl.engine.spi.Imports;
import dev.tapctl.engine.spi.Tags;
import dev.tapctl.stack.spec.ElasticIpSpec;
import dev.tapctl.stack.spec.SecurityGroupSpec;
import dev.tapctl.stack.spec.SubnetSpec;
import dev.tapctl.stack.spec.VpcSpec;
import dev.tapctl.testing.CallLog;
import dev.tapctl.testing.Emulator;
import dev.tapctl.testing.EmulatorExtension;
import dev.tapctl.testing.HandlerFixture;
import dev.tapctl.testing.TestContext;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.InstanceType;

/**
 * The EC2 kinds' describe by id for {@code tapctl import}: an object made without tapctl is found
 * by its id with its owner account, an id this region does not know is "not here", the objects
 * the read never finds are refused, and the tags written are those the read finds the object by.
 */
@ExtendWith(EmulatorExtension.class)
class Ec2ImportTest {
    private final CallLog calls = new CallLog();
    private final TestContext ctx = new TestContext("network.vpc");
    private Emulator emulator;
    private AwsClients clients;
    private Ec2Client ec2;

    @BeforeEach
    void setUp(Emulator emulator) {
        this.emulator = emulator;
        clients = HandlerFixture.clients(emulator, calls);
        ec2 = clients.ec2();
    }

    @AfterEach
    void tearDown() {
        clients.close();
    }

    private VpcHandler vpcs() {
        return new VpcHandler(ec2, clients.waiterConfig(), clients.eventually());
    }

    private VpcSpec vpcSpec(String cidr) {
        return new VpcSpec("tap-test-vpc", cidr, true, true, tags("network.vpc", "tap-test-vpc"));
    }

    @Test
    void aVpcMadeByHandIsFoundByItsIdAndTaggedSoThatItsReadFindsIt() {
        String vpcId = ec2.createVpc(r -> r.cidrBlock("10.40.0.0/16")).vpc().vpcId();
        VpcHandler handler = vpcs();
        Imports.ById<VpcSpec, VpcHandler.Live> byId = handler.byId();
        assertThat(handler.read(vpcSpec("10.40.0.0/16"), ctx))
                .as("sanity: untagged, not found")
                .isEmpty();

        Imports.Found<VpcHandler.Live> found = byId.describe(vpcId, ctx).orElseThrow();

        assertThat(found.live().vpcId()).isEqualTo(vpcId);
        assertThat(found.live().cidr()).isEqualTo("10.40.0.0/16");
        assertThat(found.ownerAccount()).isEqualTo(emulator.accountId());
        assertThat(found.refusal()).isEmpty();
        assertThat(byId.idOf(found.live())).isEqualTo(vpcId);

        Map<String, String> finding = byId.findingTags(vpcSpec("10.40.0.0/16"));
        assertThat(finding)
                .containsOnlyKeys(Tags.LOGICAL_ID, Tags.ENVIRONMENT, Tags.PROJECT)
                .containsEntry(Tags.LOGICAL_ID, "network.vpc")
                .containsEntry(Tags.ENVIRONMENT, HandlerFixture.ENV);
        calls.clear();
        byId.tag(vpcId, finding, ctx);

        assertThat(CallLog.operations(calls.mutating())).containsExactly("CreateTags");
        VpcHandler.Live read = handler.read(vpcSpec("10.40.0.0/16"), ctx).orElseThrow();
        assertThat(read.vpcId()).isEqualTo(vpcId);
        assertThat(read.tags()).isEqualTo(new TreeMap<>(finding));
    }

    @Test
    void anIdThisRegionDoesNotKnowOrThatIsMalformedIsNotHere() {
        Imports.ById<VpcSpec, VpcHandler.Live> byId = vpcs().byId();

        assertThat(byId.describe("vpc-0123456789abcdef0", ctx)).isEmpty();
        assertThat(byId.describe("vpc-not!an!id", ctx)).isEmpty();
        assertThat(byId.idPrefix()).isEqualTo("vpc-");
    }

    @Test
    void subnetsGroupsGatewaysAndAddressesAreFoundByTheirIds() {
        String vpcId = ec2.createVpc(r -> r.cidrBlock("10.41.0.0/16")).vpc().vpcId();
        String subnetId = ec2.createSubnet(r -> r.vpcId(vpcId).cidrBlock("10.41.0.0/20"))
                .subnet()
                .subnetId();
        String groupId = ec2.createSecurityGroup(
                        r -> r.vpcId(vpcId).groupName("by-hand").description("made by hand"))
                .groupId();
        String igwId = ec2.createInternetGateway(r -> {}).internetGateway().internetGatewayId();
        ec2.attachInternetGateway(r -> r.internetGatewayId(igwId).vpcId(vpcId));
        String allocationId = ec2.allocateAddress(r -> r.domain("vpc")).allocationId();

        var subnet = new SubnetHandler(ec2, clients.waiterConfig(), clients.eventually())
                .byId()
                .describe(subnetId, ctx)
                .orElseThrow();
        assertThat(subnet.live().vpcId()).isEqualTo(vpcId);
        assertThat(subnet.ownerAccount()).isEqualTo(emulator.accountId());

        var group = new SecurityGroupHandler(ec2, clients.eventually())
                .byId()
                .describe(groupId, ctx)
                .orElseThrow();
        assertThat(group.live().name()).isEqualTo("by-hand");
        assertThat(group.ownerAccount()).isEqualTo(emulator.accountId());

        var igw = new InternetGatewayHandler(ec2, clients.eventually())
                .byId()
                .describe(igwId, ctx)
                .orElseThrow();
        assertThat(igw.live().vpcId()).isEqualTo(vpcId);

        var address = new ElasticIpHandler(ec2, clients.eventually()).byId();
        assertThat(address.describe(allocationId, ctx).orElseThrow().live().allocationId())
                .isEqualTo(allocationId);
        assertThat(address.findingTags(new ElasticIpSpec("tap-test-eip", tags("network.nat-eip-1", "tap-test-eip"))))
                .containsEntry(Tags.LOGICAL_ID, "network.nat-eip-1");

        // Each kind's id prefix keeps another kind's id out before any call.
        assertThat(List.of(
                        new SubnetHandler(ec2, clients.waiterConfig(), clients.eventually())
                                .byId()
                                .idPrefix(),
                        new SecurityGroupHandler(ec2, clients.eventually())
                                .byId()
                                .idPrefix(),
                        new InternetGatewayHandler(ec2, clients.eventually())
                                .byId()
                                .idPrefix(),
                        address.idPrefix()))
                .containsExactly("subnet-", "sg-", "igw-", "eipalloc-");
        assertThat(new SubnetHandler(ec2, clients.waiterConfig(), clients.eventually())
                        .byId()
                        .findingTags(new SubnetSpec(
                                "s", vpcId, "10.41.0.0/20", "us-east-1a", false, tags("network.subnet.public-1", "s"))))
                .containsOnlyKeys(Tags.LOGICAL_ID, Tags.ENVIRONMENT, Tags.PROJECT);
        assertThat(new SecurityGroupHandler(ec2, clients.eventually())
                        .byId()
                        .findingTags(new SecurityGroupSpec("g", vpcId, "d", List.of(), tags("network.sg.app", "g"))))
                .containsEntry(Tags.LOGICAL_ID, "network.sg.app");
    }

    @Test
    void theDefaultVpcIsRefused() {
        String defaultVpc = ec2.describeVpcs(r -> r.filters(Ec2Tags.filter("is-default", "true")))
                .vpcs()
                .get(0)
                .vpcId();

        assertThat(vpcs().byId().describe(defaultVpc, ctx).orElseThrow().refusal())
                .isEqualTo("it is the region's default VPC, which a destroy would delete with the stack");
    }

    @Test
    void theMainRouteTableIsRefusedAndAnotherTableIsNot() {
        String vpcId = ec2.createVpc(r -> r.cidrBlock("10.42.0.0/16")).vpc().vpcId();
        String mainId = ec2.describeRouteTables(
                        r -> r.filters(Ec2Tags.filter("vpc-id", vpcId), Ec2Tags.filter("association.main", "true")))
                .routeTables()
                .get(0)
                .routeTableId();
        String otherId = ec2.createRouteTable(r -> r.vpcId(vpcId)).routeTable().routeTableId();
        var byId = new RouteTableHandler(ec2, clients.eventually()).byId();

        assertThat(byId.describe(mainId, ctx).orElseThrow().refusal())
                .isEqualTo("it is the main route table of " + vpcId + ", which tapctl never owns, changes or deletes");
        assertThat(byId.describe(otherId, ctx).orElseThrow().refusal()).isEmpty();
        assertThat(byId.describe(otherId, ctx).orElseThrow().ownerAccount()).isEqualTo(emulator.accountId());
    }

    @Test
    void aTerminatedInstanceIsRefusedAndARunningOneIsNot() {
        String vpcId = ec2.createVpc(r -> r.cidrBlock("10.43.0.0/16")).vpc().vpcId();
        String subnetId = ec2.createSubnet(r -> r.vpcId(vpcId).cidrBlock("10.43.0.0/20"))
                .subnet()
                .subnetId();
        String ami = Ec2TestSupport.amazonLinuxAmi(ec2);
        List<String> ids = ec2
                .runInstances(r -> r.imageId(ami)
                        .instanceType(InstanceType.T3_MICRO)
                        .subnetId(subnetId)
                        .minCount(2)
                        .maxCount(2))
                .instances()
                .stream()
                .map(i -> i.instanceId())
                .toList();
        ec2.terminateInstances(r -> r.instanceIds(ids.get(1)));
        var byId = new InstanceHandler(ec2, clients.waiterConfig(), clients.eventually()).byId();

        var running = byId.describe(ids.get(0), ctx).orElseThrow();
        assertThat(running.refusal()).isEmpty();
        assertThat(running.live().subnetId()).isEqualTo(subnetId);
        assertThat(running.ownerAccount()).isEqualTo(emulator.accountId());
        assertThat(byId.describe(ids.get(1), ctx).orElseThrow().refusal()).matches("it is (shutting-down|terminated)");
        assertThat(byId.idPrefix()).isEqualTo("i-");
    }
}
