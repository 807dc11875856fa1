package dev.tapctl.resources.ec2;

import dev.tapctl.engine.spi.HandlerContext;
import dev.tapctl.engine.spi.Ownership;
import dev.tapctl.engine.spi.SharedReads;
import dev.tapctl.resources.ec2.InstanceHandler.Live;
import dev.tapctl.resources.ec2.InstanceHandler.PrimaryInterface;
import dev.tapctl.resources.ec2.InstanceHandler.RootVolume;
import dev.tapctl.resources.support.Missing;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.DescribeInstancesRequest;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.GroupIdentifier;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.InstanceBlockDeviceMapping;
import software.amazon.awssdk.services.ec2.model.InstanceStateName;
import software.amazon.awssdk.services.ec2.model.Volume;

/**
 * How the instance handler finds instances and reads one: the describe a plan shares between the
 * reads and the orphan listing, and the live view of an instance, whose root volume takes a
 * DescribeVolumes of its own.
 */
final class InstanceReads {

    /**
     * States in which an instance is (or is about to be) there. {@code shutting-down} and
     * {@code terminated} are on their way out or gone: they linger in DescribeInstances for about
     * an hour and must not count, or a replaced instance would be found twice.
     */
    private static final List<String> LIVE_STATES = Stream.of(
                    InstanceStateName.PENDING,
                    InstanceStateName.RUNNING,
                    InstanceStateName.STOPPING,
                    InstanceStateName.STOPPED)
            .map(InstanceStateName::toString)
            .toList();

    private final Ec2Client ec2;

    /** The describe that read and the orphan listing share in a plan: the environment's instances that are there. */
    private final Ec2Finder<Instance> instances = new Ec2Finder<>(
            "DescribeInstances:" + String.join(",", LIVE_STATES),
            "instance",
            this::describeLive,
            Instance::tags,
            Instance::instanceId);

    InstanceReads(Ec2Client ec2) {
        this.ec2 = ec2;
    }

    /** Whether the instance is in a state in which it is there (see {@link #LIVE_STATES}). */
    static boolean isThere(Instance instance) {
        return instance.state() != null && LIVE_STATES.contains(instance.state().nameAsString());
    }

    /**
     * Only the ownership tags are filter values: during a plan the subnet, groups or key may still
     * be placeholders, which must never reach AWS.
     */
    Optional<Live> find(HandlerContext ctx, Map<String, String> specTags) {
        return instances.find(ctx, specTags).map(this::live);
    }

    /** DescribeInstances (paginated) with the given filters, of instances in a state in which they are there. */
    private List<Instance> describeLive(List<Filter> ownership) {
        List<Filter> filters = new ArrayList<>(ownership);
        filters.add(
                Filter.builder().name("instance-state-name").values(LIVE_STATES).build());
        return ec2.describeInstancesPaginator(r -> r.filters(filters)).reservations().stream()
                .flatMap(reservation -> reservation.instances().stream())
                .toList();
    }

    /**
     * The environment's instances (the plan's shared describe) whose {@code Name} tag the
     * configuration no longer has; only they cost a DescribeVolumes each.
     */
    List<Live> orphans(Ownership owner, SharedReads reads) {
        return instances.orphans(reads, owner, this::live);
    }

    /** The request of a DescribeInstances (and of its waiters) of one id. */
    static DescribeInstancesRequest byId(String instanceId) {
        return DescribeInstancesRequest.builder().instanceIds(instanceId).build();
    }

    /** DescribeInstances of one id, as the live view. */
    Live describe(String instanceId) {
        return ec2.describeInstancesPaginator(r -> r.instanceIds(instanceId)).reservations().stream()
                .flatMap(reservation -> reservation.instances().stream())
                .findFirst()
                .map(this::live)
                .orElseThrow(() -> new IllegalStateException("instance " + instanceId + " cannot be read back"));
    }

    Live live(Instance instance) {
        String profileArn = instance.iamInstanceProfile() == null
                ? null
                : instance.iamInstanceProfile().arn();
        String httpTokens = instance.metadataOptions() == null
                ? null
                : instance.metadataOptions().httpTokensAsString();
        return new Live(
                instance.instanceId(),
                instance.state() == null ? null : instance.state().nameAsString(),
                instance.imageId(),
                instance.instanceTypeAsString(),
                instance.subnetId(),
                instance.securityGroups().stream().map(GroupIdentifier::groupId).toList(),
                profileName(profileArn),
                httpTokens,
                instance.publicIpAddress(),
                instance.privateIpAddress(),
                rootVolume(instance),
                primaryInterface(instance),
                Ec2Tags.toMap(instance.tags()));
    }

    private static PrimaryInterface primaryInterface(Instance instance) {
        return instance.networkInterfaces().stream()
                .filter(nic -> nic.attachment() != null
                        && Integer.valueOf(0).equals(nic.attachment().deviceIndex()))
                .findFirst()
                .map(nic -> new PrimaryInterface(
                        nic.networkInterfaceId(),
                        nic.attachment().attachmentId(),
                        Boolean.TRUE.equals(nic.attachment().deleteOnTermination())))
                .orElse(null);
    }

    /**
     * The instance knows its profile by ARN ({@code arn:aws:iam::<account>:instance-profile/<path><name>});
     * the spec names it. A profile name cannot contain "/", so it is what follows the last one.
     */
    static String profileName(String profileArn) {
        if (profileArn == null || profileArn.isBlank()) {
            return null;
        }
        return profileArn.substring(profileArn.lastIndexOf('/') + 1);
    }

    /** DescribeInstances names only the root volume's id; its size and encryption take one DescribeVolumes. */
    private RootVolume rootVolume(Instance instance) {
        Optional<InstanceBlockDeviceMapping> root = instance.blockDeviceMappings().stream()
                .filter(mapping -> mapping.ebs() != null
                        && mapping.deviceName() != null
                        && mapping.deviceName().equals(instance.rootDeviceName()))
                .findFirst();
        if (root.isEmpty()) {
            return null;
        }
        String volumeId = root.get().ebs().volumeId();
        Optional<List<Volume>> volumes = Missing.orEmpty(
                () -> ec2.describeVolumes(r -> r.volumeIds(volumeId)).volumes(), Ec2Calls::notFound);
        return volumes.flatMap(found -> found.stream().findFirst())
                .map(volume -> new RootVolume(
                        volume.volumeId(),
                        root.get().deviceName(),
                        volume.size() == null ? 0 : volume.size(),
                        Boolean.TRUE.equals(volume.encrypted()),
                        volume.kmsKeyId()))
                .orElse(null);
    }
}
