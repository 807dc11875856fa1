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
import dev.tapctl.resources.ec2.SecurityGroupHandler.Rule;
import dev.tapctl.stack.spec.SecurityGroupSpec;
import dev.tapctl.stack.spec.SecurityGroupSpec.IngressRule;
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
import software.amazon.awssdk.services.ec2.model.IpPermission;
import software.amazon.awssdk.services.ec2.model.SecurityGroup;

@ExtendWith(EmulatorExtension.class)
class SecurityGroupHandlerTest {
    private final CallLog calls = new CallLog();
    private final TestContext appCtx = new TestContext("network.sg.app");
    private final TestContext dbCtx = new TestContext("network.sg.db");
    private AwsClients clients;
    private Ec2Client ec2;
    private SecurityGroupHandler handler;
    private String vpcId;

    @BeforeEach
    void setUp(Emulator emulator) {
        clients = HandlerFixture.clients(emulator, calls);
        ec2 = clients.ec2();
        handler = new SecurityGroupHandler(ec2, clients.eventually());
        vpcId = Ec2TestSupport.createVpc(clients, "network.vpc", "10.20.0.0/16");
    }

    @AfterEach
    void tearDown() {
        clients.close();
    }

    private SecurityGroupSpec appSpec(String vpc) {
        return new SecurityGroupSpec(
                "tap-test-app", vpc, "tapctl tap-test application", List.of(), tags("network.sg.app", "tap-test-app"));
    }

    private SecurityGroupSpec dbSpec(String source) {
        return new SecurityGroupSpec(
                "tap-test-db",
                vpcId,
                "tapctl tap-test database",
                List.of(new IngressRule("tcp", 5432, 5432, source, "PostgreSQL from tap-test-app")),
                tags("network.sg.db", "tap-test-db"));
    }

    @Test
    void lifecycleReconcilesIngressExactlyAndDeletes() {
        String appId = handler.create(appSpec(vpcId), appCtx).groupId();
        SecurityGroupSpec db = dbSpec(appId);
        SecurityGroupHandler.Live created = handler.create(db, dbCtx);

        calls.clear();
        SecurityGroupHandler.Live live = handler.read(db, dbCtx).orElseThrow();
        assertThat(live.groupId()).isEqualTo(created.groupId()).startsWith("sg-");
        assertThat(live.name()).isEqualTo("tap-test-db");
        assertThat(live.description()).isEqualTo("tapctl tap-test database");
        assertThat(live.vpcId()).isEqualTo(vpcId);
        assertThat(live.ingress()).containsExactly(new Rule("tcp", 5432, 5432, appId));
        assertThat(live.tags()).containsAllEntriesOf(db.tags()).containsEntry(Tags.SPEC_HASH, "hash-1");
        assertThat(handler.diff(db, live)).isEmpty();
        assertThat(calls.mutating()).isEmpty();
        assertThat(handler.outputs(live).get("groupId")).contains(live.groupId());

        // Out of band: the app rule revoked, SSH from anywhere added.
        ec2.revokeSecurityGroupIngress(r -> r.groupId(live.groupId())
                .ipPermissions(
                        p -> p.ipProtocol("tcp").fromPort(5432).toPort(5432).userIdGroupPairs(g -> g.groupId(appId))));
        ec2.authorizeSecurityGroupIngress(r -> r.groupId(live.groupId())
                .ipPermissions(
                        p -> p.ipProtocol("tcp").fromPort(22).toPort(22).ipRanges(ip -> ip.cidrIp("0.0.0.0/0"))));
        SecurityGroupHandler.Live drifted = handler.read(db, dbCtx).orElseThrow();
        var changes = handler.diff(db, drifted);
        assertThat(changes)
                .containsExactly(AttributeChange.of(
                        "ingress", List.of("tcp 22-22 from 0.0.0.0/0"), List.of("tcp 5432-5432 from " + appId)));

        handler.update(db, drifted, changes, dbCtx);
        SecurityGroupHandler.Live repaired = handler.read(db, dbCtx).orElseThrow();
        assertThat(repaired.ingress()).containsExactly(new Rule("tcp", 5432, 5432, appId));
        assertThat(handler.diff(db, repaired)).isEmpty();
        assertThat(group(repaired.groupId()).ipPermissionsEgress())
                .as("AWS's default egress rule is left alone")
                .extracting(IpPermission::ipProtocol)
                .containsExactly("-1");

        assertThat(handler.delete(repaired, DeletionPolicy.DELETE, dbCtx)).isEqualTo(DeleteResult.deleted());
        assertThat(handler.read(db, dbCtx)).isEmpty();
        assertThat(handler.delete(repaired, DeletionPolicy.DELETE, dbCtx)).isEqualTo(DeleteResult.deleted());
    }

    @Test
    void ingressFromAnywhereIsRefusedBeforeAnyCall() {
        calls.clear();
        assertThatThrownBy(() -> handler.create(dbSpec("0.0.0.0/0"), dbCtx))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("0.0.0.0/0");
        assertThatThrownBy(() -> handler.create(dbSpec("::/0"), dbCtx)).isInstanceOf(IllegalArgumentException.class);
        assertThat(calls.operations()).isEmpty();

        SecurityGroupHandler.Live app = handler.create(appSpec(vpcId), appCtx);
        SecurityGroupHandler.Live db = handler.create(dbSpec(app.groupId()), dbCtx);
        calls.clear();
        assertThatThrownBy(() -> handler.update(dbSpec("0.0.0.0/0"), db, List.of(), dbCtx))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(calls.operations()).isEmpty();
    }

    @Test
    void anUnknownVpcMeansAbsentWithoutAskingAws() {
        calls.clear();
        assertThat(handler.read(appSpec(Unknown.of("network.vpc", "vpcId")), appCtx))
                .isEmpty();
        assertThat(calls.operations()).isEmpty();
    }

    @Test
    void findsItsGroupOnlyInItsVpc() {
        handler.create(appSpec(vpcId), appCtx);
        String otherVpc = Ec2TestSupport.createVpc(clients, "network.other-vpc", "10.30.0.0/16");

        assertThat(handler.read(appSpec(otherVpc), appCtx)).isEmpty();
        assertThat(handler.read(appSpec(vpcId), appCtx)).isPresent();
    }

    @Test
    void identityChangesForceReplacementAndAnUnknownSourceIsAChange() {
        SecurityGroupHandler.Live app = handler.create(appSpec(vpcId), appCtx);
        SecurityGroupSpec renamed = new SecurityGroupSpec(
                "tap-test-app2",
                vpcId,
                "another description",
                List.of(),
                appSpec(vpcId).tags());
        assertThat(handler.diff(renamed, app))
                .containsExactlyInAnyOrder(
                        AttributeChange.replacing("name", "tap-test-app", "tap-test-app2"),
                        AttributeChange.replacing("description", "tapctl tap-test application", "another description"));

        String unknownApp = Unknown.of("network.sg.app", "groupId");
        SecurityGroupHandler.Live db = handler.create(dbSpec(app.groupId()), dbCtx);
        assertThat(handler.diff(dbSpec(unknownApp), db))
                .extracting(AttributeChange::path)
                .containsExactly("ingress");
    }

    @Test
    void rulesCompareAsAwsEnforcesThem() {
        assertThat(Rule.of("6", 5432, 5432, "sg-1")).isEqualTo(Rule.of("TCP", 5432, 5432, "sg-1"));
        assertThat(Rule.of("-1", null, null, "sg-1")).isEqualTo(Rule.of("all", 0, 65535, "sg-1"));
    }

    private SecurityGroup group(String groupId) {
        return ec2.describeSecurityGroups(r -> r.groupIds(groupId))
                .securityGroups()
                .get(0);
    }

    /**
     * Realism: an instance shutting down still holds its security groups and subnet, and EC2
     * answers DependencyViolation; the delete waits until the instance has gone, then succeeds.
     */
    @Test
    void aGroupAnInstanceShuttingDownStillHoldsIsDeletedOnceItHasGone(Emulator emulator) {
        SecurityGroupHandler.Live group = handler.create(appSpec(vpcId), appCtx);
        String subnet = ec2.createSubnet(r -> r.vpcId(vpcId).cidrBlock("10.20.1.0/24"))
                .subnet()
                .subnetId();
        String ami = Ec2TestSupport.amazonLinuxAmi(ec2);
        String instance = ec2.runInstances(r -> r.imageId(ami)
                        .instanceType("t3.micro")
                        .minCount(1)
                        .maxCount(1)
                        .subnetId(subnet)
                        .securityGroupIds(group.groupId()))
                .instances()
                .get(0)
                .instanceId();
        emulator.realism().enable(java.util.Map.of("ec2_shutting_down", 1.5));
        ec2.terminateInstances(r -> r.instanceIds(instance));

        handler.delete(group, DeletionPolicy.DELETE, appCtx);

        assertThat(emulator.realism().counts().get("ec2.dependency_violation"))
                .as("EC2 refused while it shut down")
                .isPositive();
        assertThat(appCtx.statuses).contains("waiting for what still uses " + group.groupId() + " to release it");
        assertThat(ec2.describeSecurityGroups(
                                r -> r.filters(f -> f.name("group-id").values(group.groupId())))
                        .securityGroups())
                .isEmpty();
    }
}
