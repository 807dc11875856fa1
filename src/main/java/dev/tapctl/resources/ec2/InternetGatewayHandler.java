package dev.tapctl.resources.ec2;

import dev.tapctl.aws.Eventually;
import dev.tapctl.engine.spi.AttributeChange;
import dev.tapctl.engine.spi.DeleteResult;
import dev.tapctl.engine.spi.DeletionPolicy;
import dev.tapctl.engine.spi.HandlerContext;
import dev.tapctl.engine.spi.Imports;
import dev.tapctl.engine.spi.Tagged;
import dev.tapctl.resources.support.Diff;
import dev.tapctl.resources.support.Missing;
import dev.tapctl.stack.Kinds;
import dev.tapctl.stack.spec.InternetGatewaySpec;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.AttachmentStatus;
import software.amazon.awssdk.services.ec2.model.InternetGateway;
import software.amazon.awssdk.services.ec2.model.InternetGatewayAttachment;
import software.amazon.awssdk.services.ec2.model.ResourceType;

/** An internet gateway attached to one VPC, found by its ownership tags. */
public final class InternetGatewayHandler
        extends Ec2Handler<InternetGatewaySpec, InternetGatewayHandler.Live, InternetGateway>
        implements Imports<InternetGatewaySpec, InternetGatewayHandler.Live> {

    /** {@code vpcId} is null while the gateway is not attached. */
    public record Live(String internetGatewayId, String vpcId, Map<String, String> tags) implements Tagged {
        public Live {
            tags = Map.copyOf(tags);
        }
    }

    public InternetGatewayHandler(Ec2Client ec2, Eventually eventually) {
        super(Kinds.INTERNET_GATEWAY, ec2, eventually, Ec2Objects.internetGateways(ec2), Live::internetGatewayId);
    }

    @Override
    Live live(InternetGateway igw) {
        return new Live(igw.internetGatewayId(), attachedVpc(igw), Ec2Tags.toMap(igw.tags()));
    }

    @Override
    public List<AttributeChange> diff(InternetGatewaySpec desired, Live live) {
        return Diff.of(desired, live).fields("vpcId").tags().changes();
    }

    @Override
    protected Live createKnown(InternetGatewaySpec desired, HandlerContext ctx) {
        Map<String, String> tags = ctx.tagsToWrite(desired.tags());
        String id = ec2.createInternetGateway(
                        r -> r.tagSpecifications(Ec2Tags.specification(ResourceType.INTERNET_GATEWAY, tags)))
                .internetGateway()
                .internetGatewayId();
        awaitVisible(id, ctx);
        // A crash before this call leaves a detached gateway that the next run finds and attaches.
        ec2.attachInternetGateway(r -> r.internetGatewayId(id).vpcId(desired.vpcId()));
        return new Live(id, desired.vpcId(), tags);
    }

    @Override
    protected Live updateKnown(
            InternetGatewaySpec desired, Live live, List<AttributeChange> changes, HandlerContext ctx) {
        if (!Objects.equals(live.vpcId(), desired.vpcId())) {
            if (live.vpcId() != null) {
                detach(live.internetGatewayId(), live.vpcId());
            }
            ec2.attachInternetGateway(
                    r -> r.internetGatewayId(live.internetGatewayId()).vpcId(desired.vpcId()));
        }
        Map<String, String> tags = retag(desired, live, ctx);
        return new Live(live.internetGatewayId(), desired.vpcId(), tags);
    }

    @Override
    public DeleteResult delete(Live live, DeletionPolicy policy, HandlerContext ctx) {
        if (live.vpcId() != null) {
            // "DetachInternetGateway" (EC2 API Reference): the VPC must have no running instance
            // and no Elastic IP address in use; while a NAT gateway still maps its public
            // address, EC2 answers DependencyViolation "... has some mapped public
            // address(es)". The NAT gateways are deleted first (they depend on this gateway);
            // what releases its address a moment later is waited out, within the bound.
            eventually.run(
                    "the public addresses mapped in " + live.vpcId() + " to be unmapped",
                    Eventually.codeAndMessage("DependencyViolation", "mapped public address"),
                    ctx::status,
                    () -> detach(live.internetGatewayId(), live.vpcId()));
        }
        Ec2Calls.ignoringNotFound(() -> ec2.deleteInternetGateway(r -> r.internetGatewayId(live.internetGatewayId())));
        return DeleteResult.deleted();
    }

    /** Detaching what is already detached (or gone) is the goal reached, not a failure. */
    private void detach(String gatewayId, String vpcId) {
        Missing.ok(
                () -> ec2.detachInternetGateway(
                        r -> r.internetGatewayId(gatewayId).vpcId(vpcId)),
                e -> Ec2Calls.notFound(e) || "Gateway.NotAttached".equals(Eventually.errorCodeOf(e)));
    }

    /** A gateway attaches to at most one VPC; an attachment on its way out no longer counts. */
    private static String attachedVpc(InternetGateway igw) {
        return igw.attachments().stream()
                .filter(a -> a.state() != AttachmentStatus.DETACHING && a.state() != AttachmentStatus.DETACHED)
                .map(InternetGatewayAttachment::vpcId)
                .findFirst()
                .orElse(null);
    }
}
