package dev.tapctl.resources.ec2;

import dev.tapctl.aws.Eventually;
import dev.tapctl.engine.spi.AttributeChange;
import dev.tapctl.engine.spi.DeleteResult;
import dev.tapctl.engine.spi.DeletionPolicy;
import dev.tapctl.engine.spi.HandlerContext;
import dev.tapctl.engine.spi.Imports;
import dev.tapctl.engine.spi.ListsOrphans;
import dev.tapctl.engine.spi.Outputs;
import dev.tapctl.engine.spi.Ownership;
import dev.tapctl.engine.spi.SharedReads;
import dev.tapctl.engine.spi.Tagged;
import dev.tapctl.resources.support.AwsResourceHandler;
import dev.tapctl.resources.support.Diff;
import dev.tapctl.stack.Kinds;
import dev.tapctl.stack.spec.ElasticIpSpec;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Address;
import software.amazon.awssdk.services.ec2.model.DomainType;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.ResourceType;

/**
 * An Elastic IP address (VPC domain) for a NAT gateway, found by its ownership tags, which
 * AllocateAddress writes itself: a crash right after the allocation leaves an address the next
 * run finds and uses, never a second one.
 */
public final class ElasticIpHandler extends AwsResourceHandler<ElasticIpSpec, ElasticIpHandler.Live>
        implements ListsOrphans<ElasticIpHandler.Live>, Imports<ElasticIpSpec, ElasticIpHandler.Live> {

    /** {@code associationId} is null while nothing (no NAT gateway) holds the address. */
    public record Live(String allocationId, String publicIp, String associationId, Map<String, String> tags)
            implements Tagged {
        public Live {
            tags = Map.copyOf(tags);
        }
    }

    private final Ec2Finder<Address> addresses = new Ec2Finder<>(
            "DescribeAddresses", "Elastic IP address", this::describe, Address::tags, Address::allocationId);

    private final Ec2Client ec2;
    private final Eventually eventually;

    public ElasticIpHandler(Ec2Client ec2, Eventually eventually) {
        super(Kinds.ELASTIC_IP);
        this.ec2 = ec2;
        this.eventually = eventually;
    }

    /** DescribeAddresses has no pages; in a plan one call (the environment's tags) serves every address. */
    @Override
    public Optional<Live> read(ElasticIpSpec desired, HandlerContext ctx) {
        return addresses.find(ctx, desired.tags()).map(ElasticIpHandler::live);
    }

    /**
     * By its allocation id, the id a NAT gateway names (an address made by hand for one is imported
     * before its gateway). DescribeAddresses answers only this account's addresses.
     */
    @Override
    public Imports.ById<ElasticIpSpec, Live> byId() {
        return new Ec2Import<>(
                ec2,
                "eipalloc-",
                ElasticIpSpec::tags,
                Live::allocationId,
                this::describeId,
                address -> null,
                ElasticIpHandler::live);
    }

    /** Addresses of the environment whose name the configuration no longer has (natGateways lowered). */
    @Override
    public List<Live> listOrphans(Ownership owner, SharedReads reads) {
        return addresses.orphans(reads, owner, ElasticIpHandler::live);
    }

    private List<Address> describe(List<Filter> filters) {
        return ec2.describeAddresses(r -> r.filters(filters)).addresses();
    }

    /** DescribeAddresses of one allocation id: the import's, and the create's confirmation. */
    private List<Address> describeId(String id) {
        return ec2.describeAddresses(r -> r.allocationIds(id)).addresses();
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
        Ec2Calls.awaitVisible(eventually, id, ctx, () -> describeId(id));
        return new Live(id, allocated.publicIp(), null, tags);
    }

    @Override
    protected Live updateKnown(ElasticIpSpec desired, Live live, List<AttributeChange> changes, HandlerContext ctx) {
        Map<String, String> tags = Ec2Tags.retag(ec2, ctx, desired.tags(), live, live.allocationId());
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
    public Outputs outputs(Live live) {
        return Outputs.of(ElasticIpSpec.ALLOCATION_ID, live.allocationId(), ElasticIpSpec.PUBLIC_IP, live.publicIp());
    }

    private static Live live(Address address) {
        return new Live(
                address.allocationId(),
                address.publicIp(),
                address.associationId() == null || address.associationId().isEmpty() ? null : address.associationId(),
                Ec2Tags.toMap(address.tags()));
    }
}
