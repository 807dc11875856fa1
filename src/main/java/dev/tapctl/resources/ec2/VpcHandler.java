package dev.tapctl.resources.ec2;

import dev.tapctl.aws.Eventually;
import dev.tapctl.engine.spi.AttributeChange;
import dev.tapctl.engine.spi.DeleteResult;
import dev.tapctl.engine.spi.DeletionPolicy;
import dev.tapctl.engine.spi.FindsOutputsFirst;
import dev.tapctl.engine.spi.HandlerContext;
import dev.tapctl.engine.spi.Imports;
import dev.tapctl.engine.spi.Outputs;
import dev.tapctl.engine.spi.ReadsAtOnce;
import dev.tapctl.engine.spi.ReadsAtOnce.Pending;
import dev.tapctl.engine.spi.Tagged;
import dev.tapctl.resources.support.Diff;
import dev.tapctl.stack.Kinds;
import dev.tapctl.stack.spec.VpcSpec;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.core.waiters.WaiterOverrideConfiguration;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.AttributeBooleanValue;
import software.amazon.awssdk.services.ec2.model.DescribeVpcsRequest;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.Vpc;
import software.amazon.awssdk.services.ec2.model.VpcAttributeName;
import software.amazon.awssdk.services.ec2.model.VpcState;

/** A VPC with its DNS settings, found by its ownership tags. */
public final class VpcHandler extends Ec2Handler<VpcSpec, VpcHandler.Live, Vpc>
        implements Imports<VpcSpec, VpcHandler.Live>,
                // The id is known from DescribeVpcs, a round before the DNS attributes.
                FindsOutputsFirst<VpcSpec> {

    public record Live(String vpcId, String cidr, boolean dnsSupport, boolean dnsHostnames, Map<String, String> tags)
            implements Tagged {
        public Live {
            tags = Map.copyOf(tags);
        }
    }

    private final Ec2Waits waits;

    public VpcHandler(Ec2Client ec2, WaiterOverrideConfiguration waits, Eventually eventually) {
        super(Kinds.VPC, ec2, eventually, Ec2Objects.vpcs(ec2), Live::vpcId);
        this.waits = new Ec2Waits(ec2, waits);
    }

    /** The region's default VPC is refused: tapctl deletes what it owns when the stack is destroyed. */
    @Override
    String refusal(Vpc vpc) {
        return Boolean.TRUE.equals(vpc.isDefault())
                ? "it is the region's default VPC, which a destroy would delete with the stack"
                : "";
    }

    @Override
    public Optional<Live> read(VpcSpec desired, HandlerContext ctx) {
        return found(desired, ctx).map(vpc -> live(vpc, ctx.atOnce()));
    }

    /** The id from the describe that finds the VPC, before its attributes are read (its security groups need it). */
    @Override
    public Optional<Outputs> outputsFound(VpcSpec desired, HandlerContext ctx) {
        return found(desired, ctx).map(vpc -> Outputs.of(VpcSpec.VPC_ID, vpc.vpcId()));
    }

    /** DescribeVpcs by the ownership tags: within a plan one describe of the environment, made once for the read and the id. */
    private Optional<Vpc> found(VpcSpec desired, HandlerContext ctx) {
        // DescribeVpcs never lists a deleted VPC (there is no "deleted" state to filter out), and a
        // "pending" one is ours all the same: a crashed run may have left it there.
        return finder.find(ctx, desired.tags());
    }

    /** DescribeVpcAttribute answers one attribute per call: the two at once during a plan. */
    private Live live(Vpc vpc, ReadsAtOnce atOnce) {
        Pending<Boolean> dnsSupport = atOnce.start(() -> attribute(vpc.vpcId(), VpcAttributeName.ENABLE_DNS_SUPPORT));
        Pending<Boolean> dnsHostnames =
                atOnce.start(() -> attribute(vpc.vpcId(), VpcAttributeName.ENABLE_DNS_HOSTNAMES));
        boolean support = dnsSupport.get();
        return new Live(vpc.vpcId(), vpc.cidrBlock(), support, dnsHostnames.get(), Ec2Tags.toMap(vpc.tags()));
    }

    /** The VPC as an import finds it: its attributes one after the other. */
    @Override
    Live live(Vpc vpc) {
        return live(vpc, ReadsAtOnce.NONE);
    }

    @Override
    public List<AttributeChange> diff(VpcSpec desired, Live live) {
        return Diff.of(desired, live)
                .replacingFields("cidr")
                .fields("dnsSupport", "dnsHostnames")
                .tags()
                .changes();
    }

    @Override
    protected Live createKnown(VpcSpec desired, HandlerContext ctx) {
        Map<String, String> tags = ctx.tagsToWrite(desired.tags());
        Vpc vpc = ec2.createVpc(r ->
                        r.cidrBlock(desired.cidr()).tagSpecifications(Ec2Tags.specification(ResourceType.VPC, tags)))
                .vpc();
        if (awaitVisible(vpc.vpcId(), ctx).state() != VpcState.AVAILABLE) {
            DescribeVpcsRequest byId =
                    DescribeVpcsRequest.builder().vpcIds(vpc.vpcId()).build();
            waits.waitFor("available", ctx, (waiter, w) -> waiter.waitUntilVpcAvailable(byId, w));
        }
        // Both are set explicitly rather than trusting AWS's defaults (support on, hostnames off).
        setDns(vpc.vpcId(), desired.dnsSupport(), desired.dnsHostnames(), true, true);
        return new Live(vpc.vpcId(), vpc.cidrBlock(), desired.dnsSupport(), desired.dnsHostnames(), tags);
    }

    @Override
    protected Live updateKnown(VpcSpec desired, Live live, List<AttributeChange> changes, HandlerContext ctx) {
        setDns(
                live.vpcId(),
                desired.dnsSupport(),
                desired.dnsHostnames(),
                live.dnsSupport() != desired.dnsSupport(),
                live.dnsHostnames() != desired.dnsHostnames());
        Map<String, String> tags = retag(desired, live, ctx);
        return new Live(live.vpcId(), live.cidr(), desired.dnsSupport(), desired.dnsHostnames(), tags);
    }

    @Override
    public DeleteResult delete(Live live, DeletionPolicy policy, HandlerContext ctx) {
        Ec2Calls.deleteWhenReleased(eventually, live.vpcId(), ctx, () -> ec2.deleteVpc(r -> r.vpcId(live.vpcId())));
        return DeleteResult.deleted();
    }

    private boolean attribute(String vpcId, VpcAttributeName name) {
        var response = ec2.describeVpcAttribute(r -> r.vpcId(vpcId).attribute(name));
        AttributeBooleanValue value = name == VpcAttributeName.ENABLE_DNS_SUPPORT
                ? response.enableDnsSupport()
                : response.enableDnsHostnames();
        return value != null && Boolean.TRUE.equals(value.value());
    }

    /**
     * ModifyVpcAttribute takes one attribute per call, and AWS refuses hostnames without DNS
     * support: turn support on before hostnames, and hostnames off before support.
     */
    private void setDns(
            String vpcId, boolean support, boolean hostnames, boolean changeSupport, boolean changeHostnames) {
        if (changeSupport && support) {
            ec2.modifyVpcAttribute(r -> r.vpcId(vpcId).enableDnsSupport(b -> b.value(true)));
        }
        if (changeHostnames) {
            ec2.modifyVpcAttribute(r -> r.vpcId(vpcId).enableDnsHostnames(b -> b.value(hostnames)));
        }
        if (changeSupport && !support) {
            ec2.modifyVpcAttribute(r -> r.vpcId(vpcId).enableDnsSupport(b -> b.value(false)));
        }
    }
}
