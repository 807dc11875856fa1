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
import dev.tapctl.resources.support.AwsResourceHandler;
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
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.Vpc;
import software.amazon.awssdk.services.ec2.model.VpcAttributeName;
import software.amazon.awssdk.services.ec2.model.VpcState;

/** A VPC with its DNS settings, found by its ownership tags. */
public final class VpcHandler extends AwsResourceHandler<VpcSpec, VpcHandler.Live>
        implements Imports<VpcSpec, VpcHandler.Live>,
                // The id is known from DescribeVpcs, a round before the DNS attributes.
                FindsOutputsFirst<VpcSpec> {

    public record Live(String vpcId, String cidr, boolean dnsSupport, boolean dnsHostnames, Map<String, String> tags)
            implements Tagged {
        public Live {
            tags = Map.copyOf(tags);
        }
    }

    private final Ec2Client ec2;
    private final Ec2Waits waits;
    private final Eventually eventually;

    public VpcHandler(Ec2Client ec2, WaiterOverrideConfiguration waits, Eventually eventually) {
        super(Kinds.VPC);
        this.ec2 = ec2;
        this.waits = new Ec2Waits(ec2, waits);
        this.eventually = eventually;
    }

    /** The describe a plan shares (one of the environment's VPCs, or of every environment of a drift run). */
    private final Ec2Finder<Vpc> vpcs = new Ec2Finder<>("DescribeVpcs", "VPC", this::describe, Vpc::tags, Vpc::vpcId);

    private List<Vpc> describe(List<Filter> filters) {
        return ec2.describeVpcsPaginator(r -> r.filters(filters)).vpcs().stream()
                .toList();
    }

    /** DescribeVpcs of one id: the import's, and the create's confirmation. */
    private List<Vpc> describeId(String id) {
        return ec2.describeVpcs(r -> r.vpcIds(id)).vpcs();
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
        return vpcs.find(ctx, desired.tags());
    }

    /** DescribeVpcAttribute answers one attribute per call: the two at once during a plan. */
    private Live live(Vpc vpc, ReadsAtOnce atOnce) {
        Pending<Boolean> dnsSupport = atOnce.start(() -> attribute(vpc.vpcId(), VpcAttributeName.ENABLE_DNS_SUPPORT));
        Pending<Boolean> dnsHostnames =
                atOnce.start(() -> attribute(vpc.vpcId(), VpcAttributeName.ENABLE_DNS_HOSTNAMES));
        boolean support = dnsSupport.get();
        return new Live(vpc.vpcId(), vpc.cidrBlock(), support, dnsHostnames.get(), Ec2Tags.toMap(vpc.tags()));
    }

    /** The region's default VPC is refused: tapctl deletes what it owns when the stack is destroyed. */
    @Override
    public Imports.ById<VpcSpec, Live> byId() {
        return new Ec2Import<>(
                        ec2,
                        "vpc-",
                        VpcSpec::tags,
                        Live::vpcId,
                        this::describeId,
                        Vpc::ownerId,
                        vpc -> live(vpc, ReadsAtOnce.NONE))
                .refusing(vpc -> Boolean.TRUE.equals(vpc.isDefault())
                        ? "it is the region's default VPC, which a destroy would delete with the stack"
                        : "");
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
        Vpc visible = Ec2Calls.awaitVisible(eventually, vpc.vpcId(), ctx, () -> describeId(vpc.vpcId()))
                .get(0);
        if (visible.state() != VpcState.AVAILABLE) {
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
        Map<String, String> tags = Ec2Tags.retag(ec2, ctx, desired.tags(), live, live.vpcId());
        return new Live(live.vpcId(), live.cidr(), desired.dnsSupport(), desired.dnsHostnames(), tags);
    }

    @Override
    public DeleteResult delete(Live live, DeletionPolicy policy, HandlerContext ctx) {
        Ec2Calls.deleteWhenReleased(eventually, live.vpcId(), ctx, () -> ec2.deleteVpc(r -> r.vpcId(live.vpcId())));
        return DeleteResult.deleted();
    }

    @Override
    public Outputs outputs(Live live) {
        return Outputs.of(VpcSpec.VPC_ID, live.vpcId());
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
