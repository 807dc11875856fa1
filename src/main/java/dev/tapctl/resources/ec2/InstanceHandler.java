package dev.tapctl.resources.ec2;

import dev.tapctl.aws.Eventually;
import dev.tapctl.engine.spi.AttributeChange;
import dev.tapctl.engine.spi.DeleteResult;
import dev.tapctl.engine.spi.DeletionPolicy;
import dev.tapctl.engine.spi.HandlerContext;
import dev.tapctl.engine.spi.Imports;
import dev.tapctl.engine.spi.ListsOrphans;
import dev.tapctl.engine.spi.Ownership;
import dev.tapctl.engine.spi.SharedReads;
import dev.tapctl.engine.spi.Tagged;
import dev.tapctl.engine.spi.TransientState;
import dev.tapctl.resources.support.AwsResourceHandler;
import dev.tapctl.resources.support.Diff;
import dev.tapctl.stack.Kinds;
import dev.tapctl.stack.spec.InstanceSpec;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import software.amazon.awssdk.core.waiters.WaiterOverrideConfiguration;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.DescribeInstancesRequest;
import software.amazon.awssdk.services.ec2.model.Reservation;

/**
 * One EC2 instance in a private subnet, found by its ownership tags: no public IP, IMDSv2
 * required, root volume encrypted with the stack key, the spec's instance profile and groups.
 */
public final class InstanceHandler extends AwsResourceHandler<InstanceSpec, InstanceHandler.Live>
        implements ListsOrphans<InstanceHandler.Live>, Imports<InstanceSpec, InstanceHandler.Live> {

    /**
     * The network interface at device index 0 as DescribeInstances reports it (null when it has
     * none, which only a terminated instance may show): whether it goes with the instance.
     */
    public record PrimaryInterface(String networkInterfaceId, String attachmentId, boolean deleteOnTermination) {}

    /** The root EBS volume as DescribeVolumes reports it. */
    public record RootVolume(String volumeId, String deviceName, int sizeGb, boolean encrypted, String kmsKeyId) {}

    /**
     * The instance as tapctl compares it. {@code instanceProfileName} and {@code publicIp} are
     * null when the instance has none; {@code rootVolume} is null when no volume is attached at
     * the root device (possible only for a stopped instance someone took it from).
     */
    public record Live(
            String instanceId,
            @TransientState String state,
            String imageId,
            String instanceType,
            String subnetId,
            List<String> securityGroupIds,
            String instanceProfileName,
            String httpTokens,
            String publicIp,
            String privateIp,
            RootVolume rootVolume,
            PrimaryInterface primaryInterface,
            Map<String, String> tags)
            implements Tagged {
        public Live {
            securityGroupIds = List.copyOf(new TreeSet<>(securityGroupIds));
            tags = Map.copyOf(tags);
        }
    }

    private static final String DELETE_ON_TERMINATION = "primaryInterface.deleteOnTermination";

    private final Ec2Client ec2;
    private final Ec2Waits waits;
    private final InstanceReads reads;
    private final InstanceLaunch launch;
    private final InstanceChanges changes;

    public InstanceHandler(Ec2Client ec2, WaiterOverrideConfiguration waits, Eventually eventually) {
        super(Kinds.INSTANCE);
        this.ec2 = ec2;
        this.reads = new InstanceReads(ec2);
        this.launch = new InstanceLaunch(ec2, eventually);
        this.waits = new Ec2Waits(ec2, waits);
        this.changes = new InstanceChanges(ec2, this.waits);
    }

    @Override
    public Optional<Live> read(InstanceSpec desired, HandlerContext ctx) {
        return reads.find(ctx, desired.tags());
    }

    /**
     * By its reservation, which names the owner account. An instance shutting down or terminated
     * is refused, as its read never finds one.
     */
    @Override
    public Imports.ById<InstanceSpec, Live> byId() {
        return new Ec2Import<InstanceSpec, Reservation, Live>(
                        ec2,
                        "i-",
                        Live::instanceId,
                        id -> ec2.describeInstances(r -> r.instanceIds(id)).reservations(),
                        Reservation::ownerId,
                        reservation -> reads.live(reservation.instances().get(0)))
                .refusing(reservation -> InstanceReads.isThere(
                                reservation.instances().get(0))
                        ? ""
                        : "it is " + reservation.instances().get(0).state().nameAsString());
    }

    /**
     * One DescribeInstances (paginated) filtered by the environment's ownership tags and the
     * states in which an instance is there; the instances whose {@code Name} tag (the spec's name)
     * the configuration no longer has, e.g. beyond a lowered {@code compute.instanceCount}, are
     * orphans. Only they cost a DescribeVolumes each (their root volume, as {@code read} reports it).
     * An orphan is terminated (the default policy, DELETE); its root volume goes with it.
     */
    @Override
    public List<Live> listOrphans(Ownership owner, SharedReads reads) {
        return this.reads.orphans(owner, reads);
    }

    @Override
    public List<AttributeChange> diff(InstanceSpec desired, Live live) {
        RootVolume volume = live.rootVolume();
        PrimaryInterface nic = live.primaryInterface();
        String wantedTokens = InstanceLaunch.httpTokens(desired).toString();
        return Diff.of(desired, live)
                // With resolve:ssm: the live imageId is whatever the parameter named at launch, and
                // what it names today cannot be known without asking SSM; so that comparison is
                // skipped (a new AMI behind the parameter does not replace the instance). Only an
                // explicit ami- id in the configuration is compared, and a different one replaces it.
                .replacing(
                        "ami",
                        InstanceSpec::ami,
                        Live::imageId,
                        (ami, image) -> ami.startsWith(InstanceLaunch.SSM_AMI_PREFIX) || ami.equals(image))
                .replacingFields("subnetId")
                // It must never have a public IP. An auto-assigned one cannot be removed from an
                // instance (AWS releases it only when the instance stops or ends), so a new instance,
                // launched with AssociatePublicIpAddress=false, is the repair that always works.
                .replacingWhen(live.publicIp() != null, "publicIp", live.publicIp(), null)
                // Root volume changes replace the instance. An EBS volume can be grown in place, but
                // the file system inside would need growing too, and it can never shrink or change
                // its key: a fresh instance is the one answer that works for all of them.
                .replacingWhen(
                        volume == null,
                        "rootVolume",
                        null,
                        desired.volumeSizeGb() + " GiB encrypted with " + desired.volumeKmsKeyArn())
                .with(volume == null ? List.of() : rootVolumeChanges(desired, volume))
                .fields("instanceType")
                .field(
                        "securityGroupIds",
                        d -> List.copyOf(new TreeSet<>(d.securityGroupIds())),
                        Live::securityGroupIds)
                .field("instanceProfile", InstanceSpec::instanceProfileName, Live::instanceProfileName)
                // Every interface tapctl launches goes with its instance: one left behind keeps its
                // private address, subnet and groups (and blocks their deletion) after a terminate.
                .when(nic != null && !nic.deleteOnTermination(), DELETE_ON_TERMINATION, false, true)
                .field("metadataOptions.httpTokens", d -> wantedTokens, Live::httpTokens)
                .tags()
                .changes();
    }

    private static List<AttributeChange> rootVolumeChanges(InstanceSpec desired, RootVolume volume) {
        return Diff.of(desired, volume)
                .replacing("rootVolume.sizeGb", InstanceSpec::volumeSizeGb, RootVolume::sizeGb)
                .replacingWhen(!volume.encrypted(), "rootVolume.encrypted", false, true)
                .replacing("rootVolume.kmsKeyId", InstanceSpec::volumeKmsKeyArn, RootVolume::kmsKeyId)
                .changes();
    }

    @Override
    protected Live createKnown(InstanceSpec desired, HandlerContext ctx) {
        String instanceId = launch.launch(desired, ctx.tagsToWrite(desired.tags()), ctx);
        waits.waitFor(
                "running", ctx, (waiter, w) -> waiter.waitUntilInstanceRunning(InstanceReads.byId(instanceId), w));
        return reads.describe(instanceId);
    }

    @Override
    protected Live updateKnown(InstanceSpec desired, Live live, List<AttributeChange> changes, HandlerContext ctx) {
        String id = live.instanceId();
        Set<String> paths = new TreeSet<>();
        changes.forEach(change -> paths.add(change.path()));
        if (paths.contains("metadataOptions.httpTokens")) {
            ec2.modifyInstanceMetadataOptions(r -> r.instanceId(id).httpTokens(InstanceLaunch.httpTokens(desired)));
        }
        if (paths.contains("instanceProfile")) {
            this.changes.setInstanceProfile(id, desired.instanceProfileName());
        }
        if (paths.contains("securityGroupIds")) {
            // Replaces the whole set of the primary interface's groups.
            ec2.modifyInstanceAttribute(r -> r.instanceId(id).groups(desired.securityGroupIds()));
        }
        if (paths.contains(DELETE_ON_TERMINATION) && live.primaryInterface() != null) {
            // ModifyNetworkInterfaceAttribute: the attachment's DeleteOnTermination.
            PrimaryInterface nic = live.primaryInterface();
            ec2.modifyNetworkInterfaceAttribute(r -> r.networkInterfaceId(nic.networkInterfaceId())
                    .attachment(a -> a.attachmentId(nic.attachmentId()).deleteOnTermination(true)));
        }
        if (paths.contains("instanceType")) {
            this.changes.changeInstanceType(live, desired.instanceType(), ctx);
        }
        // Tags (with the new spec hash) last: a run that fails half way leaves the old hash, so
        // the next plan still sees the rest of this change as pending. The root volume gets them too.
        List<String> resources = live.rootVolume() == null
                ? List.of(id)
                : List.of(id, live.rootVolume().volumeId());
        Ec2Tags.create(ec2, ctx.tagsToWrite(desired.tags()), resources);
        return reads.describe(id);
    }

    /**
     * TerminateInstances, then the SDK's InstanceTerminated waiter; an instance already gone is
     * done. SNAPSHOT never comes here (an instance keeps no snapshots, {@code Deletions} refuses
     * it): the root volume goes with the instance (DeleteOnTermination), so a caller asking for a
     * snapshot would lose data silently.
     */
    @Override
    public DeleteResult delete(Live live, DeletionPolicy policy, HandlerContext ctx) {
        if (!Ec2Calls.ignoringNotFound(() -> ec2.terminateInstances(r -> r.instanceIds(live.instanceId())))) {
            return DeleteResult.deleted();
        }
        DescribeInstancesRequest byId = InstanceReads.byId(live.instanceId());
        waits.waitFor("terminated", ctx, (waiter, w) -> waiter.waitUntilInstanceTerminated(byId, w));
        return DeleteResult.deleted();
    }
}
