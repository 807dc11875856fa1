package dev.tapctl.resources.ec2;

import dev.tapctl.aws.Eventually;
import dev.tapctl.engine.spi.AttributeChange;
import dev.tapctl.engine.spi.DeleteResult;
import dev.tapctl.engine.spi.DeletionPolicy;
import dev.tapctl.engine.spi.HandlerContext;
import dev.tapctl.engine.spi.Imports;
import dev.tapctl.engine.spi.ListsOrphans;
import dev.tapctl.engine.spi.Tagged;
import dev.tapctl.resources.support.Diff;
import dev.tapctl.stack.Kinds;
import dev.tapctl.stack.spec.ElasticIpSpec;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Address;
import software.amazon.awssdk.services.ec2.model.DomainType;
import software.amazon.awssdk.services.ec2.model.ResourceType;

/**
 * An Elastic IP address (VPC domain) for a NAT gateway, found by its ownership tags, which
 * AllocateAddress writes itself: a crash right after the allocation leaves an address the next
 * run finds and uses, never a second one. Its orphans are the addresses of NAT gateways the
 * configuration no longer has (network.natGateways lowered).
 */
public final class ElasticIpHandler extends Ec2Handler<ElasticIpSpec, ElasticIpHandler.Live, Address>
        implements ListsOrphans<ElasticIpHandler.Live>, Imports<ElasticIpSpec, ElasticIpHandler.Live> {

    /** {@code associationId} is null while nothing (no NAT gateway) holds the address. */
    public record Live(String allocationId, String publicIp, String associationId, Map<String, String> tags)
            implements Tagged {
        public Live {
            tags = Map.copyOf(tags);
        }
    }

    public ElasticIpHandler(Ec2Client ec2, Eventually eventually) {
        super(Kinds.ELASTIC_IP, ec2, eventually, Ec2Objects.addresses(ec2), Live::allocationId);
    }

    /** An address has nothing tapctl configures but its tags. */
    @Override
    public List<AttributeChange> diff(ElasticIpSpec desired, Live live) {
        return Diff.of(desired, live).tags().changes();
    }

    @Override
    protected Live createKnown(ElasticIpSpec desired, HandlerContext ctx) {
        Map<String, String> tags = ctx.tagsToWrite(desired.tags());
        var allocated = ec2.allocateAddress(
                r -> r.domain(DomainType.VPC).tagSpecifications(Ec2Tags.specification(ResourceType.ELASTIC_IP, tags)));
        String id = allocated.allocationId();
        awaitVisible(id, ctx);
        return new Live(id, allocated.publicIp(), null, tags);
    }

    @Override
    protected Live updateKnown(ElasticIpSpec desired, Live live, List<AttributeChange> changes, HandlerContext ctx) {
        Map<String, String> tags = retag(desired, live, ctx);
        return new Live(live.allocationId(), live.publicIp(), live.associationId(), tags);
    }

    /**
     * ReleaseAddress ("ReleaseAddress", EC2 API Reference): in a nondefault VPC an address must be
     * disassociated first, or EC2 answers InvalidIPAddress.InUse. The NAT gateway that holds it
     * is deleted first (it depends on the address), and a public NAT gateway's deletion
     * disassociates its address ("DeleteNatGateway") but only once the gateway is gone; while it
     * is still deleting, that one error is waited out. Already released counts as done.
     */
    @Override
    public DeleteResult delete(Live live, DeletionPolicy policy, HandlerContext ctx) {
        eventually.run(
                "the NAT gateway holding " + live.allocationId() + " to let it go",
                Eventually.code(ADDRESS_IN_USE),
                ctx::status,
                () -> Ec2Calls.ignoringNotFound(() -> ec2.releaseAddress(r -> r.allocationId(live.allocationId()))));
        return DeleteResult.deleted();
    }

    /** The error ReleaseAddress answers for an address something still holds. */
    static final String ADDRESS_IN_USE = "InvalidIPAddress.InUse";

    @Override
    Live live(Address address) {
        return new Live(
                address.allocationId(),
                address.publicIp(),
                address.associationId() == null || address.associationId().isEmpty() ? null : address.associationId(),
                Ec2Tags.toMap(address.tags()));
    }
}
