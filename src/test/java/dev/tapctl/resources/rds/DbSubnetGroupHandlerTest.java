package dev.tapctl.resources.rds;

import static dev.tapctl.testing.HandlerFixture.tags;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tapctl.aws.AwsClients;
import dev.tapctl.engine.spi.DeleteResult;
import dev.tapctl.engine.spi.DeletionPolicy;
import dev.tapctl.stack.spec.DbSubnetGroupSpec;
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
import software.amazon.awssdk.services.rds.model.InvalidDbSubnetGroupStateException;

@ExtendWith(EmulatorExtension.class)
class DbSubnetGroupHandlerTest {
    private static final String DB = "tap-test-db";

    private final CallLog calls = new CallLog();
    private final RdsStates states = new RdsStates();
    private final TestContext ctx = new TestContext("data.db.subnets");
    private AwsClients clients;
    /** For what happens outside the handler: not logged, not in {@link #states}. */
    private AwsClients plain;

    private DbSubnetGroupHandler handler;
    private List<String> subnets;

    @BeforeEach
    void setUp(Emulator emulator) {
        clients = HandlerFixture.clients(emulator, calls, states);
        plain = HandlerFixture.clients(emulator);
        handler = new DbSubnetGroupHandler(clients.rds(), clients.waiterConfig());
        String vpc =
                clients.ec2().createVpc(r -> r.cidrBlock("10.40.0.0/16")).vpc().vpcId();
        subnets = List.of(
                clients.ec2()
                        .createSubnet(
                                r -> r.vpcId(vpc).cidrBlock("10.40.0.0/20").availabilityZone("us-east-1a"))
                        .subnet()
                        .subnetId(),
                clients.ec2()
                        .createSubnet(
                                r -> r.vpcId(vpc).cidrBlock("10.40.16.0/20").availabilityZone("us-east-1b"))
                        .subnet()
                        .subnetId());
    }

    @AfterEach
    void tearDown() {
        clients.close();
        plain.close();
    }

    private DbSubnetGroupSpec spec() {
        return new DbSubnetGroupSpec(
                "tap-test-db", "tap-test database subnets", subnets, tags("data.db.subnets", "tap-test-db"));
    }

    /** A database in the group, made outside the handler. */
    private void instanceIn(String group) {
        plain.rds().createDBInstance(r -> r.dbInstanceIdentifier(DB)
                .engine("postgres")
                .dbInstanceClass("db.t4g.micro")
                .allocatedStorage(20)
                .masterUsername("app")
                .masterUserPassword("correct-horse-battery")
                .dbSubnetGroupName(group));
    }

    @Test
    void aGroupStillHeldByAnInstanceBeingDeletedIsDeletedOnceTheInstanceIsGone() {
        DbSubnetGroupHandler.Live group = handler.create(spec(), ctx);
        instanceIn(group.name());
        states.pass(DB, "deleting", 2, () -> plain.rds()
                .deleteDBInstance(r -> r.dbInstanceIdentifier(DB).skipFinalSnapshot(true)));
        calls.clear();

        assertThat(handler.delete(group, DeletionPolicy.DELETE, ctx).outcome()).isEqualTo(DeleteResult.Outcome.DELETED);

        assertThat(calls.operations())
                .containsExactly(
                        "DeleteDBSubnetGroup",
                        "DescribeDBInstances",
                        "DeleteDBSubnetGroup",
                        "DescribeDBInstances",
                        "DeleteDBSubnetGroup");
        assertThat(ctx.statuses).contains("waiting for DB instance " + DB + " to let go of the subnet group");
        assertThat(handler.read(spec(), ctx)).isEmpty();
    }

    @Test
    void aGroupAnInstanceUsesAndKeepsIsRefusedAtOnce() {
        DbSubnetGroupHandler.Live group = handler.create(spec(), ctx);
        instanceIn(group.name());
        calls.clear();

        assertThatThrownBy(() -> handler.delete(group, DeletionPolicy.DELETE, ctx))
                .isInstanceOf(InvalidDbSubnetGroupStateException.class)
                .hasMessageContaining("at least one database instance: " + DB + " is still using it");
        assertThat(calls.operations()).containsExactly("DeleteDBSubnetGroup", "DescribeDBInstances");
        assertThat(handler.read(spec(), ctx)).isPresent();
    }

    @Test
    void createAnswersWhatAReadFindsWithOneCall() {
        DbSubnetGroupSpec spec = new DbSubnetGroupSpec(
                "tap-test-db", "tap-test database subnets", subnets, tags("data.db.subnets", "tap-test-db"));

        calls.clear();
        DbSubnetGroupHandler.Live created = handler.create(spec, ctx);
        assertThat(calls.operations())
                .as("on the apply's longest path: no read-back")
                .containsExactly("CreateDBSubnetGroup");

        assertThat(handler.read(spec, ctx)).contains(created);
        assertThat(handler.diff(spec, created)).isEmpty();
    }
}
