package dev.tapctl.resources.ec2;

import dev.tapctl.aws.Eventually;
import dev.tapctl.engine.spi.AttributeChange;
import dev.tapctl.engine.spi.DeleteResult;
import dev.tapctl.engine.spi.DeletionPolicy;
import dev.tapctl.engine.spi.HandlerContext;
import dev.tapctl.engine.spi.Imports;
import dev.tapctl.engine.spi.Tagged;
import dev.tapctl.resources.support.Diff;
import dev.tapctl.stack.Kinds;
import dev.tapctl.stack.spec.SubnetSpec;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.waiters.WaiterOverrideConfiguration;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.DescribeSubnetsRequest;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.Subnet;
import software.amazon.awssdk.services.ec2.model.SubnetState;

/** A subnet of one VPC in one availability zone, found by its ownership tags. */
public final class SubnetHandler extends Ec2Handler<SubnetSpec, SubnetHandler.Live, Subnet>
        implements Imports<SubnetSpec, SubnetHandler.Live> {

    public record Live(
            String subnetId,
            String vpcId,
            String cidr,
            String availabilityZone,
            boolean mapPublicIpOnLaunch,
            Map<String, String> tags)
            implements Tagged {
        public Live {
            tags = Map.copyOf(tags);
        }

        static Live of(Subnet subnet) {
            return new Live(
                    subnet.subnetId(),
                    subnet.vpcId(),
                    subnet.cidrBlock(),
                    subnet.availabilityZone(),
                    Boolean.TRUE.equals(subnet.mapPublicIpOnLaunch()),
                    Ec2Tags.toMap(subnet.tags()));
        }

        /** This subnet as a create or an update leaves it: the spec's MapPublicIpOnLaunch, and these tags. */
        Live with(boolean mapPublicIp, Map<String, String> tags) {
            return new Live(subnetId, vpcId, cidr, availabilityZone, mapPublicIp, tags);
        }
    }

    private final Ec2Waits waits;

    public SubnetHandler(Ec2Client ec2, WaiterOverrideConfiguration waits, Eventually eventually) {
        super(Kinds.SUBNET, ec2, eventually, Ec2Objects.subnets(ec2), Live::subnetId);
        this.waits = new Ec2Waits(ec2, waits);
    }

    @Override
    Live live(Subnet subnet) {
        return Live.of(subnet);
    }

    @Override
    public List<AttributeChange> diff(SubnetSpec desired, Live live) {
        return Diff.of(desired, live)
                .replacingFields("vpcId", "cidr", "availabilityZone")
                .fields("mapPublicIpOnLaunch")
                .tags()
                .changes();
    }

    @Override
    protected Live createKnown(SubnetSpec desired, HandlerContext ctx) {
        Map<String, String> tags = ctx.tagsToWrite(desired.tags());
        Subnet subnet = ec2.createSubnet(r -> r.vpcId(desired.vpcId())
                        .cidrBlock(desired.cidr())
                        .availabilityZone(desired.availabilityZone())
                        .tagSpecifications(Ec2Tags.specification(ResourceType.SUBNET, tags)))
                .subnet();
        if (awaitVisible(subnet.subnetId(), ctx).state() != SubnetState.AVAILABLE) {
            DescribeSubnetsRequest byId = DescribeSubnetsRequest.builder()
                    .subnetIds(subnet.subnetId())
                    .build();
            waits.waitFor("available", ctx, (waiter, w) -> waiter.waitUntilSubnetAvailable(byId, w));
        }
        Live created = Live.of(subnet);
        setMapPublicIp(created, desired.mapPublicIpOnLaunch());
        return created.with(desired.mapPublicIpOnLaunch(), tags);
    }

    @Override
    protected Live updateKnown(SubnetSpec desired, Live live, List<AttributeChange> changes, HandlerContext ctx) {
        setMapPublicIp(live, desired.mapPublicIpOnLaunch());
        Map<String, String> tags = retag(desired, live, ctx);
        return live.with(desired.mapPublicIpOnLaunch(), tags);
    }

    @Override
    public DeleteResult delete(Live live, DeletionPolicy policy, HandlerContext ctx) {
        Ec2Calls.deleteWhenReleased(
                eventually, live.subnetId(), ctx, () -> ec2.deleteSubnet(r -> r.subnetId(live.subnetId())));
        return DeleteResult.deleted();
    }

    /** ModifySubnetAttribute, only when the subnet's MapPublicIpOnLaunch is not {@code wanted}. */
    private void setMapPublicIp(Live subnet, boolean wanted) {
        if (subnet.mapPublicIpOnLaunch() != wanted) {
            ec2.modifySubnetAttribute(r -> r.subnetId(subnet.subnetId()).mapPublicIpOnLaunch(b -> b.value(wanted)));
        }
    }
}
