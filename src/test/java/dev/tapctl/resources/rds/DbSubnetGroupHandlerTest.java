package dev.tapctl.resources.rds;

import static dev.tapctl.testing.HandlerFixture.tags;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tapctl.aws.AwsClients;
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

@ExtendWith(EmulatorExtension.class)
class DbSubnetGroupHandlerTest {
    private final CallLog calls = new CallLog();
    private final TestContext ctx = new TestContext("data.db.subnets");
    private AwsClients clients;
    private DbSubnetGroupHandler handler;
    private List<String> subnets;

    @BeforeEach
    void setUp(Emulator emulator) {
        clients = HandlerFixture.clients(emulator, calls);
        handler = new DbSubnetGroupHandler(clients.rds());
        String vpc = clients.ec2().createVpc(r -> r.cidrBlock("10.40.0.0/16")).vpc().vpcId();
        subnets = List.of(
                clients.ec2().createSubnet(r -> r.vpcId(vpc).cidrBlock("10.40.0.0/20").availabilityZone("us-east-1a"))
                        .subnet().subnetId(),
                clients.ec2().createSubnet(r -> r.vpcId(vpc).cidrBlock("10.40.16.0/20").availabilityZone("us-east-1b"))
                        .subnet().subnetId());
    }

    @AfterEach
    void tearDown() {
        clients.close();
    }

    @Test
    void createAnswersWhatAReadFindsWithOneCall() {
        DbSubnetGroupSpec spec = new DbSubnetGroupSpec("tap-test-db", "tap-test database subnets", subnets,
                tags("data.db.subnets", "tap-test-db"));

        calls.clear();
        DbSubnetGroupHandler.Live created = handler.create(spec, ctx);
        assertThat(calls.operations()).as("on the apply's longest path: no read-back").containsExactly("CreateDBSubnetGroup");

        assertThat(handler.read(spec, ctx)).contains(created);
        assertThat(handler.diff(spec, created)).isEmpty();
    }
}
