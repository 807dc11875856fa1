package dev.tapctl.resources.ec2;

import dev.tapctl.aws.Eventually;
import dev.tapctl.engine.spi.AttributeChange;
import dev.tapctl.engine.spi.DeleteResult;
import dev.tapctl.engine.spi.DeletionPolicy;
import dev.tapctl.engine.spi.HandlerContext;
import dev.tapctl.engine.spi.Imports;
import dev.tapctl.engine.spi.ListsOrphans;
import dev.tapctl.engine.spi.Tagged;
import dev.tapctl.engine.spi.TransientState;
import dev.tapctl.resources.support.Diff;
import dev.tapctl.resources.support.Missing;
import dev.tapctl.stack.Kinds;
import dev.tapctl.stack.spec.NatGatewaySpec;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import software.amazon.awssdk.core.waiters.WaiterOverrideConfiguration;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.ConnectivityType;
import software.amazon.awssdk.services.ec2.model.DescribeNatGatewaysRequest;
import software.amazon.awssdk.services.ec2.model.NatGateway;
import software.amazon.awssdk.services.ec2.model.NatGatewayAddress;
import software.amazon.awssdk.services.ec2.model.NatGatewayState;
import software.amazon.awssdk.services.ec2.model.ResourceType;

/**
 * A public NAT gateway in one public subnet with its Elastic IP, found by its ownership tags
 * among the gateways that are pending or available. A failed one (EC2 keeps it visible for a
 * while, "NAT gateway basics": failed gateways are deleted after about an hour) or a deleted one
 * is not the resource any more: it is ignored, and a new gateway is made. Its orphans are the
 * gateways beyond a lowered network.natGateways.
 */
public final class NatGatewayHandler extends Ec2Handler<NatGatewaySpec, NatGatewayHandler.Live, NatGateway>
        implements ListsOrphans<NatGatewayHandler.Live>, Imports<NatGatewaySpec, NatGatewayHandler.Live> {

    /** {@code allocationId} is the Elastic IP of the gateway's primary address. */
    public record Live(
            String natGatewayId,
            @TransientState String state,
            String vpcId,
            String subnetId,
            String allocationId,
            Map<String, String> tags)
            implements Tagged {
        public Live {
            tags = Map.copyOf(tags);
        }
    }

    /** The states in which a NAT gateway is there (or about to be). */
    private static final List<String> LIVE_STATES =
            List.of(NatGatewayState.PENDING.toString(), NatGatewayState.AVAILABLE.toString());

    private final Ec2Waits waits;

    public NatGatewayHandler(Ec2Client ec2, WaiterOverrideConfiguration waits, Eventually eventually) {
        super(Kinds.NAT_GATEWAY, ec2, eventually, Ec2Objects.natGateways(ec2, LIVE_STATES), Live::natGatewayId);
        this.waits = new Ec2Waits(ec2, waits);
    }

    /** A gateway that is not pending or available is refused, as its read never finds one. */
    @Override
    String refusal(NatGateway gateway) {
        return LIVE_STATES.contains(gateway.stateAsString())
                ? ""
                : "it is " + gateway.stateAsString() + ", not " + String.join(" or ", LIVE_STATES);
    }

    /** A NAT gateway's subnet and address cannot be changed: a different one is a new gateway. */
    @Override
    public List<AttributeChange> diff(NatGatewaySpec desired, Live live) {
        return Diff.of(desired, live)
                .replacingFields("subnetId", "allocationId")
                .tags()
                .changes();
    }

    /**
     * CreateNatGateway with a client token and the tags, then the SDK's NatGatewayAvailable waiter
     * (it fails on failed, deleting or deleted). A gateway an interrupted run left pending or
     * available is adopted (the read that preceded this may have been a plan's, taken before).
     */
    @Override
    protected Live createKnown(NatGatewaySpec desired, HandlerContext ctx) {
        Optional<NatGateway> left = findNow(desired);
        String id;
        if (left.isPresent()) {
            id = left.get().natGatewayId();
            ctx.status("adopting " + id + ", left by an earlier run");
        } else {
            Map<String, String> tags = ctx.tagsToWrite(desired.tags());
            id = ec2.createNatGateway(r -> r.subnetId(desired.subnetId())
                            .allocationId(desired.allocationId())
                            .connectivityType(ConnectivityType.PUBLIC)
                            .clientToken(Ec2Calls.clientToken())
                            .tagSpecifications(Ec2Tags.specification(ResourceType.NATGATEWAY, tags)))
                    .natGateway()
                    .natGatewayId();
            awaitVisible(id, ctx);
        }
        waits.waitFor("available", ctx, (waiter, w) -> waiter.waitUntilNatGatewayAvailable(byId(id), w));
        return live(describeId(id).get(0));
    }

    @Override
    protected Live updateKnown(NatGatewaySpec desired, Live live, List<AttributeChange> changes, HandlerContext ctx) {
        return new Live(
                live.natGatewayId(),
                live.state(),
                live.vpcId(),
                live.subnetId(),
                live.allocationId(),
                retag(desired, live, ctx));
    }

    /**
     * DeleteNatGateway, then the SDK's NatGatewayDeleted waiter: the gateway holds its subnet, its
     * Elastic IP and the VPC's public mapping (the internet gateway cannot be detached) until it
     * is deleted, not merely deleting. Already gone (NatGatewayNotFound) counts as done.
     */
    @Override
    public DeleteResult delete(Live live, DeletionPolicy policy, HandlerContext ctx) {
        Missing.ok(
                () -> ec2.deleteNatGateway(r -> r.natGatewayId(live.natGatewayId())),
                e -> NOT_FOUND.equals(Eventually.errorCodeOf(e)) || Ec2Calls.notFound(e));
        waits.waitFor("deleted", ctx, (waiter, w) -> waiter.waitUntilNatGatewayDeleted(byId(live.natGatewayId()), w));
        return DeleteResult.deleted();
    }

    /** DescribeNatGateways and DeleteNatGateway's code for an unknown id (it has no ".NotFound" suffix). */
    private static final String NOT_FOUND = "NatGatewayNotFound";

    @Override
    Live live(NatGateway nat) {
        String allocation = nat.natGatewayAddresses().stream()
                .filter(address -> !Boolean.FALSE.equals(address.isPrimary()))
                .map(NatGatewayAddress::allocationId)
                .filter(Objects::nonNull)
                .findFirst()
                .orElse(null);
        return new Live(
                nat.natGatewayId(),
                nat.stateAsString(),
                nat.vpcId(),
                nat.subnetId(),
                allocation,
                Ec2Tags.toMap(nat.tags()));
    }

    private static DescribeNatGatewaysRequest byId(String id) {
        return DescribeNatGatewaysRequest.builder().natGatewayIds(id).build();
    }
}
