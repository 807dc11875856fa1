package dev.tapctl.resources.ec2;

import static dev.tapctl.testing.HandlerFixture.tags;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tapctl.aws.AwsClients;
import dev.tapctl.engine.spi.AttributeChange;
import dev.tapctl.engine.spi.DeleteResult;
import dev.tapctl.engine.spi.DeletionPolicy;
import dev.tapctl.engine.spi.Tags;
import dev.tapctl.engine.spi.Unknown;
import dev.tapctl.stack.spec.InternetGatewaySpec;
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
import software.amazon.awssdk.services.ec2.model.ResourceType;

@ExtendWith(EmulatorExtension.class)
class InternetGatewayHandlerTest {
    private final CallLog calls = new CallLog();
    private final TestContext ctx = new TestContext("network.igw");
    private AwsClients clients;
    private Ec2Client ec2;
    private InternetGatewayHandler handler;
    private String vpcId;

    @BeforeEach
    void setUp(Emulator emulator) {
        clients = HandlerFixture.clients(emulator, calls);
        ec2 = clients.ec2();
        handler = new InternetGatewayHandler(ec2, clients.eventually());
        vpcId = Ec2TestSupport.createVpc(clients, "network.vpc", "10.20.0.0/16");
    }

    @AfterEach
    void tearDown() {
        clients.close();
    }

    private InternetGatewaySpec spec(String vpc) {
        return new InternetGatewaySpec("tap-test-igw", vpc, tags("network.igw", "tap-test-igw"));
    }

    @Test
    void lifecycleReattachesAndDeletes() {
        InternetGatewayHandler.Live created = handler.create(spec(vpcId), ctx);

        calls.clear();
        InternetGatewayHandler.Live live = handler.read(spec(vpcId), ctx).orElseThrow();
        assertThat(live.internetGatewayId())
                .isEqualTo(created.internetGatewayId())
                .startsWith("igw-");
        assertThat(live.vpcId()).isEqualTo(vpcId);
        assertThat(live.tags()).containsAllEntriesOf(spec(vpcId).tags()).containsEntry(Tags.SPEC_HASH, "hash-1");
        assertThat(handler.diff(spec(vpcId), live)).isEmpty();
        assertThat(calls.mutating()).isEmpty();
        assertThat(handler.outputs(live).get("internetGatewayId")).contains(live.internetGatewayId());

        // Detached out of band: the VPC has lost its way to the internet.
        ec2.detachInternetGateway(
                r -> r.internetGatewayId(live.internetGatewayId()).vpcId(vpcId));
        InternetGatewayHandler.Live detached = handler.read(spec(vpcId), ctx).orElseThrow();
        assertThat(detached.vpcId()).isNull();
        var changes = handler.diff(spec(vpcId), detached);
        assertThat(changes).containsExactly(AttributeChange.of("vpcId", null, vpcId));

        handler.update(spec(vpcId), detached, changes, ctx);
        InternetGatewayHandler.Live repaired = handler.read(spec(vpcId), ctx).orElseThrow();
        assertThat(handler.diff(spec(vpcId), repaired)).isEmpty();

        assertThat(handler.delete(repaired, DeletionPolicy.DELETE, ctx)).isEqualTo(DeleteResult.deleted());
        assertThat(handler.read(spec(vpcId), ctx)).isEmpty();
        // Detached: the VPC can go now.
        ec2.deleteVpc(r -> r.vpcId(vpcId));
    }

    @Test
    void movesToAnotherVpcWithoutReplacement() {
        InternetGatewayHandler.Live live = handler.create(spec(vpcId), ctx);
        String otherVpc = Ec2TestSupport.createVpc(clients, "network.other-vpc", "10.30.0.0/16");

        var changes = handler.diff(spec(otherVpc), live);
        assertThat(changes).containsExactly(AttributeChange.of("vpcId", vpcId, otherVpc));
        handler.update(spec(otherVpc), live, changes, ctx);

        InternetGatewayHandler.Live moved = handler.read(spec(otherVpc), ctx).orElseThrow();
        assertThat(moved.vpcId()).isEqualTo(otherVpc);
        assertThat(handler.diff(spec(otherVpc), moved)).isEmpty();
        ec2.deleteVpc(r -> r.vpcId(vpcId));
    }

    @Test
    void aGatewayLeftDetachedByACrashIsFoundAndAttached() {
        String orphan = ec2.createInternetGateway(r -> r.tagSpecifications(Ec2Tags.specification(
                        ResourceType.INTERNET_GATEWAY,
                        ctx.tagsToWrite(spec(vpcId).tags()))))
                .internetGateway()
                .internetGatewayId();

        InternetGatewayHandler.Live live = handler.read(spec(vpcId), ctx).orElseThrow();
        assertThat(live.internetGatewayId()).isEqualTo(orphan);
        handler.update(spec(vpcId), live, handler.diff(spec(vpcId), live), ctx);
        assertThat(handler.read(spec(vpcId), ctx).orElseThrow().vpcId()).isEqualTo(vpcId);
    }

    @Test
    void anUnknownVpcDuringPlanIsAChangeNotACall() {
        InternetGatewayHandler.Live live = handler.create(spec(vpcId), ctx);
        String unknown = Unknown.of("network.vpc", "vpcId");
        assertThat(handler.diff(spec(unknown), live)).containsExactly(AttributeChange.of("vpcId", vpcId, unknown));
    }
}
