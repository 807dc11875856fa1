package dev.tapctl.resources.ec2;

import static dev.tapctl.testing.HandlerFixture.tags;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tapctl.aws.AwsClients;
import dev.tapctl.engine.PlanReads;
import dev.tapctl.engine.spi.AttributeChange;
import dev.tapctl.engine.spi.DeleteResult;
import dev.tapctl.engine.spi.DeletionPolicy;
import dev.tapctl.engine.spi.Ownership;
import dev.tapctl.engine.spi.Tags;
import dev.tapctl.stack.spec.InternetGatewaySpec;
import dev.tapctl.stack.spec.RouteTableSpec;
import dev.tapctl.stack.spec.RouteTableSpec.Route;
import dev.tapctl.stack.spec.SubnetSpec;
import dev.tapctl.testing.CallLog;
import dev.tapctl.testing.Emulator;
import dev.tapctl.testing.EmulatorExtension;
import dev.tapctl.testing.HandlerFixture;
import dev.tapctl.testing.TestContext;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.RouteTable;

@ExtendWith(EmulatorExtension.class)
class RouteTableHandlerTest {
    private final CallLog calls = new CallLog();
    private final TestContext ctx = new TestContext("network.rt.public");
    private AwsClients clients;
    private Ec2Client ec2;
    private RouteTableHandler handler;
    private String vpcId;
    private String igwId;
    private String subnetA;
    private String subnetB;

    @BeforeEach
    void setUp(Emulator emulator) {
        clients = HandlerFixture.clients(emulator, calls);
        ec2 = clients.ec2();
        handler = new RouteTableHandler(ec2, clients.eventually());
        vpcId = Ec2TestSupport.createVpc(clients, "network.vpc", "10.20.0.0/16");
        igwId = new InternetGatewayHandler(ec2, clients.eventually())
                .create(
                        new InternetGatewaySpec("tap-test-igw", vpcId, tags("network.igw", "tap-test-igw")),
                        new TestContext("network.igw"))
                .internetGatewayId();
        subnetA = subnet("network.subnet.public-1", "10.20.0.0/20", "us-east-1a");
        subnetB = subnet("network.subnet.public-2", "10.20.16.0/20", "us-east-1b");
    }

    @AfterEach
    void tearDown() {
        clients.close();
    }

    private String subnet(String logicalId, String cidr, String zone) {
        return new SubnetHandler(ec2, clients.waiterConfig(), clients.eventually())
                .create(
                        new SubnetSpec(logicalId, vpcId, cidr, zone, false, tags(logicalId, logicalId)),
                        new TestContext(logicalId))
                .subnetId();
    }

    private RouteTableSpec spec(List<String> subnets) {
        return new RouteTableSpec(
                "tap-test-public-rt",
                vpcId,
                List.of(new Route("0.0.0.0/0", igwId)),
                subnets,
                tags("network.rt.public", "tap-test-public-rt"));
    }

    @Test
    void lifecycleRepairsRoutesAndAssociationsAndDeletes() {
        RouteTableSpec spec = spec(List.of(subnetA, subnetB));
        RouteTableHandler.Live created = handler.create(spec, ctx);

        calls.clear();
        RouteTableHandler.Live live = handler.read(spec, ctx).orElseThrow();
        assertThat(live.routeTableId()).isEqualTo(created.routeTableId()).startsWith("rtb-");
        assertThat(live.vpcId()).isEqualTo(vpcId);
        assertThat(live.routes())
                .as("owned routes, without the local one")
                .containsExactly(Map.entry("0.0.0.0/0", igwId));
        assertThat(live.associations()).containsOnlyKeys(subnetA, subnetB);
        assertThat(live.tags()).containsAllEntriesOf(spec.tags()).containsEntry(Tags.SPEC_HASH, "hash-1");
        assertThat(handler.diff(spec, live)).isEmpty();
        assertThat(calls.mutating()).isEmpty();
        assertThat(handler.outputs(live).get("routeTableId")).contains(live.routeTableId());

        // Out of band: one subnet disassociated, a route nobody asked for added.
        ec2.disassociateRouteTable(r -> r.associationId(live.associations().get(subnetB)));
        ec2.createRoute(r -> r.routeTableId(live.routeTableId())
                .destinationCidrBlock("192.168.0.0/16")
                .gatewayId(igwId));
        RouteTableHandler.Live drifted = handler.read(spec, ctx).orElseThrow();
        var changes = handler.diff(spec, drifted);
        assertThat(changes)
                .containsExactlyInAnyOrder(
                        AttributeChange.of("routes[192.168.0.0/16]", igwId, null),
                        AttributeChange.of("subnetIds", List.of(subnetA), sorted(subnetA, subnetB)));

        handler.update(spec, drifted, changes, ctx);
        RouteTableHandler.Live repaired = handler.read(spec, ctx).orElseThrow();
        assertThat(handler.diff(spec, repaired)).isEmpty();
        assertThat(repaired.routes()).containsOnlyKeys("0.0.0.0/0");

        assertThat(handler.delete(repaired, DeletionPolicy.DELETE, ctx)).isEqualTo(DeleteResult.deleted());
        assertThat(handler.read(spec, ctx)).isEmpty();
        assertThat(tablesHolding(subnetA))
                .as("subnets are back on the main table")
                .isEmpty();
    }

    @Test
    void aSubnetMovedToAnotherTableIsMovedBack() {
        RouteTableSpec spec = spec(List.of(subnetA));
        handler.create(spec, ctx);
        String intruder = ec2.createRouteTable(r -> r.vpcId(vpcId)).routeTable().routeTableId();
        String oldAssociation =
                handler.read(spec, ctx).orElseThrow().associations().get(subnetA);
        ec2.replaceRouteTableAssociation(r -> r.associationId(oldAssociation).routeTableId(intruder));

        RouteTableHandler.Live drifted = handler.read(spec, ctx).orElseThrow();
        var changes = handler.diff(spec, drifted);
        assertThat(changes).containsExactly(AttributeChange.of("subnetIds", List.of(), List.of(subnetA)));
        handler.update(spec, drifted, changes, ctx);

        assertThat(handler.diff(spec, handler.read(spec, ctx).orElseThrow())).isEmpty();
        assertThat(tablesHolding(subnetA))
                .extracting(RouteTable::routeTableId)
                .containsExactly(handler.read(spec, ctx).orElseThrow().routeTableId());
    }

    @Test
    void aRouteToAnotherTargetIsPointedBack() {
        RouteTableSpec spec = spec(List.of());
        RouteTableHandler.Live live = handler.create(spec, ctx);
        // Someone points the default route at a NAT gateway of the same VPC.
        String allocation = ec2.allocateAddress(r -> r.domain("vpc")).allocationId();
        String nat = ec2.createNatGateway(r -> r.subnetId(subnetA).allocationId(allocation))
                .natGateway()
                .natGatewayId();
        ec2.replaceRoute(r -> r.routeTableId(live.routeTableId())
                .destinationCidrBlock("0.0.0.0/0")
                .natGatewayId(nat));

        RouteTableHandler.Live drifted = handler.read(spec, ctx).orElseThrow();
        var changes = handler.diff(spec, drifted);
        assertThat(changes).containsExactly(AttributeChange.of("routes[0.0.0.0/0]", nat, igwId));
        handler.update(spec, drifted, changes, ctx);
        assertThat(handler.read(spec, ctx).orElseThrow().routes()).containsEntry("0.0.0.0/0", igwId);
    }

    @Test
    void aTableTheConfigurationNoLongerNamesIsAnOrphanAndTheMainTableNeverIs() {
        handler.create(spec(List.of(subnetA)), ctx);
        RouteTableSpec gone = new RouteTableSpec(
                "tap-test-private-rt",
                vpcId,
                List.of(),
                List.of(subnetB),
                tags("network.rt.private", "tap-test-private-rt"));
        String goneId =
                handler.create(gone, new TestContext("network.rt.private")).routeTableId();
        Ownership owner =
                new Ownership(HandlerFixture.PROJECT, HandlerFixture.ENV, "tap-test-", Set.of("tap-test-public-rt"));

        assertThat(handler.listOrphans(owner, new PlanReads()))
                .extracting(RouteTableHandler.Live::routeTableId)
                .containsExactly(goneId);
    }

    @Test
    void neverTakesTheMainRouteTable() {
        RouteTableSpec spec = spec(List.of());
        String mainTable = ec2.describeRouteTables(
                        r -> r.filters(Ec2Tags.filter("vpc-id", vpcId), Ec2Tags.filter("association.main", "true")))
                .routeTables()
                .get(0)
                .routeTableId();
        ec2.createTags(r -> r.resources(mainTable).tags(Ec2Tags.toTags(spec.tags())));

        assertThat(handler.read(spec, ctx)).isEmpty();
    }

    @Test
    void anotherVpcForcesReplacement() {
        RouteTableHandler.Live live = handler.create(spec(List.of()), ctx);
        RouteTableSpec elsewhere = new RouteTableSpec(
                "tap-test-public-rt",
                "vpc-0123456789abcdef0",
                List.of(new Route("0.0.0.0/0", igwId)),
                List.of(),
                spec(List.of()).tags());
        assertThat(handler.diff(elsewhere, live))
                .containsExactly(AttributeChange.replacing("vpcId", vpcId, "vpc-0123456789abcdef0"));
    }

    private List<RouteTable> tablesHolding(String subnetId) {
        return ec2.describeRouteTables(r -> r.filters(Ec2Tags.filter("association.subnet-id", subnetId)))
                .routeTables();
    }

    private static List<String> sorted(String... ids) {
        return Arrays.stream(ids).sorted().toList();
    }

    /** A private table: its default route goes to a NAT gateway; the endpoint's prefix-list route is the endpoint's. */
    @Test
    void natGatewayRouteIsRepairedAndGatewayEndpointRoutesAreLeftAlone() {
        String allocation = ec2.allocateAddress(r -> r.domain("vpc")).allocationId();
        String nat = ec2.createNatGateway(r -> r.subnetId(subnetA).allocationId(allocation))
                .natGateway()
                .natGatewayId();
        RouteTableSpec spec = new RouteTableSpec(
                "tap-test-private-rt",
                vpcId,
                List.of(Route.toNatGateway("0.0.0.0/0", nat)),
                List.of(subnetB),
                tags("network.rt.private", "tap-test-private-rt"));
        TestContext privateCtx = new TestContext("network.rt.private");
        RouteTableHandler.Live created = handler.create(spec, privateCtx);
        assertThat(created.routes()).containsExactly(Map.entry("0.0.0.0/0", nat));
        String endpoint = ec2.createVpcEndpoint(r -> r.vpcId(vpcId)
                        .serviceName("com.amazonaws.us-east-1.s3")
                        .vpcEndpointType("Gateway")
                        .routeTableIds(created.routeTableId()))
                .vpcEndpoint()
                .vpcEndpointId();

        RouteTableHandler.Live live = handler.read(spec, privateCtx).orElseThrow();
        assertThat(live.routes())
                .as("the endpoint's route is not the table's")
                .containsExactly(Map.entry("0.0.0.0/0", nat));
        assertThat(handler.diff(spec, live)).isEmpty();

        ec2.deleteRoute(r -> r.routeTableId(live.routeTableId()).destinationCidrBlock("0.0.0.0/0"));
        RouteTableHandler.Live drifted = handler.read(spec, privateCtx).orElseThrow();
        var changes = handler.diff(spec, drifted);
        assertThat(changes).containsExactly(AttributeChange.of("routes[0.0.0.0/0]", null, nat));
        handler.update(spec, drifted, changes, privateCtx);

        RouteTable table = ec2.describeRouteTables(r -> r.routeTableIds(live.routeTableId()))
                .routeTables()
                .get(0);
        assertThat(table.routes()).anySatisfy(route -> {
            assertThat(route.destinationCidrBlock()).isEqualTo("0.0.0.0/0");
            assertThat(route.natGatewayId()).isEqualTo(nat);
        });
        assertThat(table.routes())
                .as("the endpoint's route survives the repair")
                .anySatisfy(route -> {
                    assertThat(route.destinationPrefixListId()).startsWith("pl-");
                    assertThat(route.gatewayId()).isEqualTo(endpoint);
                });
        assertThat(handler.diff(spec, handler.read(spec, privateCtx).orElseThrow()))
                .isEmpty();
    }
}
