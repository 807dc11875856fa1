package dev.tapctl.resources.ec2;

import static dev.tapctl.testing.HandlerFixture.tags;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tapctl.aws.AwsClients;
import dev.tapctl.engine.spi.AttributeChange;
import dev.tapctl.engine.spi.DeleteResult;
import dev.tapctl.engine.spi.DeletionPolicy;
import dev.tapctl.engine.spi.Tags;
import dev.tapctl.stack.TapStack;
import dev.tapctl.stack.spec.VpcEndpointSpec;
import dev.tapctl.testing.CallLog;
import dev.tapctl.testing.Emulator;
import dev.tapctl.testing.EmulatorExtension;
import dev.tapctl.testing.HandlerFixture;
import dev.tapctl.testing.TestContext;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.ResourceType;

@ExtendWith(EmulatorExtension.class)
class VpcEndpointHandlerTest {
    private static final String NARROW_POLICY = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
            + "\"Principal\":\"*\",\"Action\":\"s3:GetObject\",\"Resource\":\"arn:aws:s3:::tap-test/*\"}]}";

    private final CallLog calls = new CallLog();
    private final TestContext ctx = new TestContext("network.endpoint.s3");
    private AwsClients clients;
    private Ec2Client ec2;
    private VpcEndpointHandler handler;
    private String vpcId;
    private String tableA;
    private String tableB;
    private String subnetA;
    private String subnetB;
    private String group;

    @BeforeEach
    void setUp(Emulator emulator) {
        clients = HandlerFixture.clients(emulator, calls);
        ec2 = clients.ec2();
        handler = new VpcEndpointHandler(ec2, clients.waiterConfig(), clients.eventually());
        vpcId = Ec2TestSupport.createVpc(clients, "network.vpc", "10.50.0.0/16");
        tableA = ec2.createRouteTable(r -> r.vpcId(vpcId)).routeTable().routeTableId();
        tableB = ec2.createRouteTable(r -> r.vpcId(vpcId)).routeTable().routeTableId();
        subnetA = ec2.createSubnet(
                        r -> r.vpcId(vpcId).cidrBlock("10.50.128.0/20").availabilityZone("us-east-1a"))
                .subnet()
                .subnetId();
        subnetB = ec2.createSubnet(
                        r -> r.vpcId(vpcId).cidrBlock("10.50.144.0/20").availabilityZone("us-east-1b"))
                .subnet()
                .subnetId();
        group = ec2.createSecurityGroup(
                        r -> r.vpcId(vpcId).groupName("tap-test-endpoints").description("d"))
                .groupId();
    }

    @AfterEach
    void tearDown() {
        clients.close();
    }

    private VpcEndpointSpec gateway(List<String> tables, String policy) {
        return new VpcEndpointSpec(
                "tap-test-s3",
                vpcId,
                "com.amazonaws.us-east-1.s3",
                VpcEndpointSpec.Type.GATEWAY,
                tables,
                List.of(),
                List.of(),
                false,
                policy,
                tags("network.endpoint.s3", "tap-test-s3"));
    }

    private VpcEndpointSpec kms(List<String> subnets) {
        return new VpcEndpointSpec(
                "tap-test-kms",
                vpcId,
                "com.amazonaws.us-east-1.kms",
                VpcEndpointSpec.Type.INTERFACE,
                List.of(),
                subnets,
                List.of(group),
                true,
                TapStack.DEFAULT_ENDPOINT_POLICY,
                tags("network.endpoint.kms", "tap-test-kms"));
    }

    @Test
    void gatewayEndpointLifecycleRepairsRouteTablesAndPolicyAndDeletes() {
        VpcEndpointSpec spec = gateway(List.of(tableA, tableB), TapStack.DEFAULT_ENDPOINT_POLICY);
        VpcEndpointHandler.Live created = handler.create(spec, ctx);
        assertThat(created.state()).isEqualTo("available");
        assertThat(ctx.statuses).contains("waiting for available");

        calls.clear();
        VpcEndpointHandler.Live live = handler.read(spec, ctx).orElseThrow();
        assertThat(live.vpcEndpointId()).isEqualTo(created.vpcEndpointId()).startsWith("vpce-");
        assertThat(live.routeTableIds()).containsExactlyInAnyOrder(tableA, tableB);
        assertThat(live.type()).isEqualTo(VpcEndpointSpec.Type.GATEWAY);
        assertThat(live.tags()).containsEntry(Tags.SPEC_HASH, "hash-1");
        assertThat(handler.diff(spec, live))
                .as("AWS's default policy, compared as JSON")
                .isEmpty();
        assertThat(calls.mutating()).isEmpty();
        assertThat(handler.outputs(live).get("vpcEndpointId")).contains(live.vpcEndpointId());
        // The prefix-list route is in both tables.
        assertThat(ec2.describeRouteTables(r -> r.routeTableIds(tableA))
                        .routeTables()
                        .get(0)
                        .routes())
                .anySatisfy(route -> assertThat(route.gatewayId()).isEqualTo(live.vpcEndpointId()));

        // Out of band: a table taken off and the policy narrowed.
        ec2.modifyVpcEndpoint(r -> r.vpcEndpointId(live.vpcEndpointId())
                .removeRouteTableIds(tableB)
                .policyDocument(NARROW_POLICY));
        VpcEndpointHandler.Live drifted = handler.read(spec, ctx).orElseThrow();
        var changes = handler.diff(spec, drifted);
        assertThat(changes).extracting(AttributeChange::path).containsExactly("routeTableIds", "policy");
        handler.update(spec, drifted, changes, ctx);
        VpcEndpointHandler.Live repaired = handler.read(spec, ctx).orElseThrow();
        assertThat(repaired.routeTableIds()).containsExactlyInAnyOrder(tableA, tableB);
        assertThat(handler.diff(spec, repaired)).isEmpty();

        assertThat(handler.delete(repaired, DeletionPolicy.DELETE, ctx)).isEqualTo(DeleteResult.deleted());
        assertThat(ctx.statuses).contains("waiting for deleted");
        assertThat(handler.read(spec, ctx)).isEmpty();
        assertThat(ec2.describeRouteTables(r -> r.routeTableIds(tableA))
                        .routeTables()
                        .get(0)
                        .routes())
                .noneMatch(route -> live.vpcEndpointId().equals(route.gatewayId()));
        // Gone already: done.
        assertThat(handler.delete(repaired, DeletionPolicy.DELETE, ctx)).isEqualTo(DeleteResult.deleted());
    }

    @Test
    void interfaceEndpointHasItsSubnetsGroupAndPrivateDns() {
        TestContext kmsCtx = new TestContext("network.endpoint.kms");
        VpcEndpointHandler.Live created = handler.create(kms(List.of(subnetA, subnetB)), kmsCtx);
        VpcEndpointHandler.Live live =
                handler.read(kms(List.of(subnetA, subnetB)), kmsCtx).orElseThrow();
        assertThat(live.vpcEndpointId()).isEqualTo(created.vpcEndpointId());
        assertThat(live.type()).isEqualTo(VpcEndpointSpec.Type.INTERFACE);
        assertThat(live.subnetIds()).containsExactlyInAnyOrder(subnetA, subnetB);
        assertThat(live.securityGroupIds()).containsExactly(group);
        assertThat(live.privateDnsEnabled()).isTrue();
        assertThat(handler.diff(kms(List.of(subnetA, subnetB)), live)).isEmpty();

        var changes = handler.diff(kms(List.of(subnetA)), live);
        assertThat(changes)
                .containsExactly(AttributeChange.of(
                        "subnetIds",
                        List.copyOf(new java.util.TreeSet<>(List.of(subnetA, subnetB))),
                        List.of(subnetA)));
        handler.update(kms(List.of(subnetA)), live, changes, kmsCtx);
        assertThat(handler.read(kms(List.of(subnetA)), kmsCtx).orElseThrow().subnetIds())
                .containsExactly(subnetA);

        assertThat(handler.diff(gateway(List.of(tableA), TapStack.DEFAULT_ENDPOINT_POLICY), live))
                .filteredOn(AttributeChange::forcesReplace)
                .extracting(AttributeChange::path)
                .containsExactly("serviceName", "type");
        handler.delete(live, DeletionPolicy.DELETE, kmsCtx);
        assertThat(handler.read(kms(List.of(subnetA)), kmsCtx)).isEmpty();
    }

    @Test
    void anEndpointLeftByACrashIsFoundByItsTags() {
        String left = ec2.createVpcEndpoint(r -> r.vpcId(vpcId)
                        .serviceName("com.amazonaws.us-east-1.s3")
                        .vpcEndpointType("Gateway")
                        .routeTableIds(tableA)
                        .tagSpecifications(Ec2Tags.specification(
                                ResourceType.VPC_ENDPOINT,
                                ctx.tagsToWrite(gateway(List.of(tableA), null).tags()))))
                .vpcEndpoint()
                .vpcEndpointId();
        VpcEndpointHandler.Live live = handler.read(gateway(List.of(tableA), TapStack.DEFAULT_ENDPOINT_POLICY), ctx)
                .orElseThrow();
        assertThat(live.vpcEndpointId()).isEqualTo(left);
        assertThat(handler.diff(gateway(List.of(tableA), TapStack.DEFAULT_ENDPOINT_POLICY), live))
                .isEmpty();
    }
}
