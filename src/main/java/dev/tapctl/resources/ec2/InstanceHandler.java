package dev.tapctl.resources.ec2;

import dev.tapctl.aws.Eventually;
import dev.tapctl.aws.TagDiff;
import dev.tapctl.engine.spi.AttributeChange;
import dev.tapctl.engine.spi.DeleteResult;
import dev.tapctl.engine.spi.DeletionPolicy;
import dev.tapctl.engine.spi.HandlerContext;
import dev.tapctl.engine.spi.Kind;
import dev.tapctl.engine.spi.ListsOrphans;
import dev.tapctl.engine.spi.Outputs;
import dev.tapctl.engine.spi.Ownership;
import dev.tapctl.engine.spi.ResourceHandler;
import dev.tapctl.engine.spi.SharedReads;
import dev.tapctl.engine.spi.Tagged;
import dev.tapctl.engine.spi.Tags;
import dev.tapctl.engine.spi.Unknown;
import dev.tapctl.stack.Kinds;
import dev.tapctl.stack.spec.InstanceSpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import software.amazon.awssdk.core.waiters.WaiterOverrideConfiguration;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.InstanceBlockDeviceMapping;
import software.amazon.awssdk.services.ec2.model.Ec2Exception;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.GroupIdentifier;
import software.amazon.awssdk.services.ec2.model.HttpTokensState;
import software.amazon.awssdk.services.ec2.model.IamInstanceProfileAssociation;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.InstanceMetadataEndpointState;
import software.amazon.awssdk.services.ec2.model.InstanceStateName;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.RunInstancesRequest;
import software.amazon.awssdk.services.ec2.model.Volume;
import software.amazon.awssdk.services.ec2.model.VolumeType;
import software.amazon.awssdk.services.ec2.waiters.Ec2Waiter;

/**
 * One EC2 instance in a private subnet, found by its ownership tags: no public IP, IMDSv2
 * required, root volume encrypted with the stack key, the spec's instance profile and groups.
 */
public final class InstanceHandler implements ResourceHandler<InstanceSpec, InstanceHandler.Live>,
        ListsOrphans<InstanceHandler.Live> {

    /** An AMI given as {@code resolve:ssm:<parameter>}: EC2 reads the parameter at launch. */
    static final String SSM_AMI_PREFIX = "resolve:ssm:";

    /**
     * The root device of the Amazon Linux AMIs the stack's SSM parameters name. For an explicit
     * AMI id the AMI's own root device name is used instead (see {@link #rootDeviceName}).
     */
    static final String DEFAULT_ROOT_DEVICE = "/dev/xvda";

    /**
     * States in which an instance is (or is about to be) there. {@code shutting-down} and
     * {@code terminated} are on their way out or gone: they linger in DescribeInstances for about
     * an hour and must not count, or a replaced instance would be found twice.
     */
    private static final List<String> LIVE_STATES = Stream.of(InstanceStateName.PENDING, InstanceStateName.RUNNING,
            InstanceStateName.STOPPING, InstanceStateName.STOPPED).map(InstanceStateName::toString).toList();

    /**
     * The network interface at device index 0 as DescribeInstances reports it (null when it has
     * none, which only a terminated instance may show): whether it goes with the instance.
     */
    public record PrimaryInterface(String networkInterfaceId, String attachmentId, boolean deleteOnTermination) {
    }

    /** The root EBS volume as DescribeVolumes reports it. */
    public record RootVolume(String volumeId, String deviceName, int sizeGb, boolean encrypted, String kmsKeyId) {
    }

    /**
     * The instance as tapctl compares it. {@code instanceProfileName} and {@code publicIp} are
     * null when the instance has none; {@code rootVolume} is null when no volume is attached at
     * the root device (possible only for a stopped instance someone took it from).
     */
    public record Live(String instanceId, String state, String imageId, String instanceType, String subnetId,
                       List<String> securityGroupIds, String instanceProfileName, String httpTokens,
                       String publicIp, String privateIp, RootVolume rootVolume, PrimaryInterface primaryInterface,
                       Map<String, String> tags)
            implements Tagged {
        public Live {
            securityGroupIds = List.copyOf(new TreeSet<>(securityGroupIds));
            tags = Map.copyOf(tags);
        }
    }

    private static final String DELETE_ON_TERMINATION = "primaryInterface.deleteOnTermination";

    private final Ec2Client ec2;
    private final Ec2Waiter waiter;
    private final Eventually eventually;

    /** The describe that read and the orphan listing share in a plan: the environment's instances that are there. */
    private static final String LIVE_INSTANCES = "DescribeInstances:" + String.join(",", LIVE_STATES);

    public InstanceHandler(Ec2Client ec2, WaiterOverrideConfiguration waits, Eventually eventually) {
        this.ec2 = ec2;
        this.waiter = Ec2Waiter.builder().client(ec2).overrideConfiguration(waits).build();
        this.eventually = Objects.requireNonNull(eventually, "eventually");
    }

    @Override
    public Kind<InstanceSpec> kind() {
        return Kinds.INSTANCE;
    }

    /**
     * Only the ownership tags are filter values: during a plan the subnet, groups or key may still
     * be placeholders, which must never reach AWS.
     */
    @Override
    public Optional<Live> read(InstanceSpec desired, HandlerContext ctx) {
        List<Instance> found = Ec2Tags.owned(ctx, LIVE_INSTANCES, desired.tags(), this::describeLive, Instance::tags);
        return Ec2Tags.single(found, "instance", desired.tags(), Instance::instanceId).map(this::live);
    }

    /**
     * One DescribeInstances (paginated) filtered by the environment's ownership tags and the
     * states in which an instance is there; the instances whose {@code Name} tag (the spec's name)
     * the configuration no longer has, e.g. beyond a lowered {@code compute.instanceCount}, are
     * orphans. Only they cost a DescribeVolumes each (their root volume, as {@code read} reports it).
     */
    @Override
    public List<Live> listOrphans(Ownership owner, SharedReads reads) {
        return Ec2Tags.environment(reads, LIVE_INSTANCES, owner.project(), owner.env(), this::describeLive).stream()
                .filter(instance -> {
                    Map<String, String> tags = Ec2Tags.toMap(instance.tags());
                    String name = tags.get(Tags.NAME);
                    // knownNames is an immutable set: contains(null) would throw.
                    return owner.owns(tags) && (name == null || !owner.knownNames().contains(name));
                })
                .map(this::live)
                .toList();
    }

    /** DescribeInstances (paginated) with the given filters, of instances in a state in which they are there. */
    private List<Instance> describeLive(List<Filter> ownership) {
        List<Filter> filters = new ArrayList<>(ownership);
        filters.add(Filter.builder().name("instance-state-name").values(LIVE_STATES).build());
        return ec2.describeInstancesPaginator(r -> r.filters(filters)).reservations().stream()
                .flatMap(reservation -> reservation.instances().stream())
                .toList();
    }

    /** An instance beyond the configured count is terminated; its root volume goes with it (DeleteOnTermination). */
    @Override
    public DeletionPolicy orphanPolicy() {
        return DeletionPolicy.DELETE;
    }

    private Live live(Instance instance) {
        String profileArn = instance.iamInstanceProfile() == null ? null : instance.iamInstanceProfile().arn();
        String httpTokens = instance.metadataOptions() == null ? null : instance.metadataOptions().httpTokensAsString();
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
                .filter(nic -> nic.attachment() != null && Integer.valueOf(0).equals(nic.attachment().deviceIndex()))
                .findFirst()
                .map(nic -> new PrimaryInterface(nic.networkInterfaceId(), nic.attachment().attachmentId(),
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
                .filter(mapping -> mapping.ebs() != null && mapping.deviceName() != null
                        && mapping.deviceName().equals(instance.rootDeviceName()))
                .findFirst();
        if (root.isEmpty()) {
            return null;
        }
        String volumeId = root.get().ebs().volumeId();
        List<Volume> volumes;
        try {
            volumes = ec2.describeVolumes(r -> r.volumeIds(volumeId)).volumes();
        } catch (Ec2Exception e) {
            if (Ec2Calls.isNotFound(e)) {
                return null;
            }
            throw e;
        }
        return volumes.stream().findFirst().map(volume -> new RootVolume(volume.volumeId(), root.get().deviceName(),
                volume.size() == null ? 0 : volume.size(), Boolean.TRUE.equals(volume.encrypted()), volume.kmsKeyId()))
                .orElse(null);
    }

    @Override
    public List<AttributeChange> diff(InstanceSpec desired, Live live) {
        List<AttributeChange> changes = new ArrayList<>();
        // With resolve:ssm: the live imageId is whatever the parameter named at launch, and what
        // it names today cannot be known without asking SSM; so that comparison is skipped (a new
        // AMI behind the parameter does not replace the instance). Only an explicit ami- id in
        // the configuration is compared, and a different one replaces the instance.
        if (!desired.ami().startsWith(SSM_AMI_PREFIX) && !Objects.equals(live.imageId(), desired.ami())) {
            changes.add(AttributeChange.replacing("ami", live.imageId(), desired.ami()));
        }
        if (!Objects.equals(live.subnetId(), desired.subnetId())) {
            changes.add(AttributeChange.replacing("subnetId", live.subnetId(), desired.subnetId()));
        }
        // It must never have a public IP. An auto-assigned one cannot be removed from an instance
        // (AWS releases it only when the instance stops or ends), so a new instance, launched with
        // AssociatePublicIpAddress=false, is the repair that always works.
        if (live.publicIp() != null) {
            changes.add(AttributeChange.replacing("publicIp", live.publicIp(), null));
        }
        // Root volume changes replace the instance. An EBS volume can be grown in place, but the
        // file system inside would need growing too, and it can never shrink or change its key:
        // a fresh instance is the one answer that works for all of them.
        RootVolume volume = live.rootVolume();
        if (volume == null) {
            changes.add(AttributeChange.replacing("rootVolume", null,
                    desired.volumeSizeGb() + " GiB encrypted with " + desired.volumeKmsKeyArn()));
        } else {
            if (volume.sizeGb() != desired.volumeSizeGb()) {
                changes.add(AttributeChange.replacing("rootVolume.sizeGb", volume.sizeGb(), desired.volumeSizeGb()));
            }
            if (!volume.encrypted()) {
                changes.add(AttributeChange.replacing("rootVolume.encrypted", false, true));
            }
            if (!Objects.equals(volume.kmsKeyId(), desired.volumeKmsKeyArn())) {
                changes.add(AttributeChange.replacing("rootVolume.kmsKeyId", volume.kmsKeyId(), desired.volumeKmsKeyArn()));
            }
        }
        if (!Objects.equals(live.instanceType(), desired.instanceType())) {
            changes.add(AttributeChange.of("instanceType", live.instanceType(), desired.instanceType()));
        }
        List<String> wantedGroups = List.copyOf(new TreeSet<>(desired.securityGroupIds()));
        if (!live.securityGroupIds().equals(wantedGroups)) {
            changes.add(AttributeChange.of("securityGroupIds", live.securityGroupIds(), wantedGroups));
        }
        if (!Objects.equals(live.instanceProfileName(), desired.instanceProfileName())) {
            changes.add(AttributeChange.of("instanceProfile", live.instanceProfileName(), desired.instanceProfileName()));
        }
        // Every interface tapctl launches goes with its instance: one left behind keeps its
        // private address, subnet and groups (and blocks their deletion) after a terminate.
        PrimaryInterface nic = live.primaryInterface();
        if (nic != null && !nic.deleteOnTermination()) {
            changes.add(AttributeChange.of(DELETE_ON_TERMINATION, false, true));
        }
        String wantedTokens = httpTokens(desired).toString();
        if (!Objects.equals(live.httpTokens(), wantedTokens)) {
            changes.add(AttributeChange.of("metadataOptions.httpTokens", live.httpTokens(), wantedTokens));
        }
        changes.addAll(TagDiff.diff(desired.tags(), live.tags()));
        return changes;
    }

    @Override
    public Live create(InstanceSpec desired, HandlerContext ctx) {
        requireKnown(desired);
        Map<String, String> tags = ctx.tagsToWrite(desired.tags());
        String rootDevice = rootDeviceName(desired.ami());
        String instanceId = runInstance(desired, tags, rootDevice, ctx);
        ctx.status("waiting for running");
        waiter.waitUntilInstanceRunning(r -> r.instanceIds(instanceId));
        return describe(instanceId);
    }

    /**
     * The root volume is set through the block device mapping of the AMI's root device name: a
     * mapping under any other name adds a second volume and leaves the root as the AMI has it
     * (perhaps unencrypted). An explicit AMI is asked for its root device; a {@code resolve:ssm:}
     * AMI cannot be looked up without SSM and is the Amazon Linux the stack configures.
     */
    private String rootDeviceName(String ami) {
        if (ami.startsWith(SSM_AMI_PREFIX)) {
            return DEFAULT_ROOT_DEVICE;
        }
        return ec2.describeImages(r -> r.imageIds(ami)).images().stream()
                .map(image -> image.rootDeviceName())
                .filter(Objects::nonNull)
                .findFirst()
                .orElse(DEFAULT_ROOT_DEVICE);
    }

    /**
     * RunInstances, retried for one known eventual-consistency error only: an instance profile
     * created moments ago (by this run) is not visible to EC2 yet (IAM User Guide, "Changes that I
     * make are not always immediately visible"), and EC2 answers InvalidParameterValue "... Invalid
     * IAM Instance Profile name" (or "ARN") for several seconds. Nothing was launched then, so
     * trying again is safe; each attempt carries a fresh client token (the SDK's own retries of
     * one attempt reuse it).
     */
    private String runInstance(InstanceSpec desired, Map<String, String> tags, String rootDevice, HandlerContext ctx) {
        return eventually.retry("instance profile " + desired.instanceProfileName() + " to reach EC2",
                InstanceHandler::profileNotReady, ctx::status,
                () -> ec2.runInstances(runRequest(desired, tags, rootDevice)).instances().get(0).instanceId());
    }

    static boolean profileNotReady(Throwable e) {
        return Eventually.codeAndMessage("InvalidParameterValue", "Invalid IAM Instance Profile").test(e);
    }

    private RunInstancesRequest runRequest(InstanceSpec desired, Map<String, String> tags, String rootDevice) {
        RunInstancesRequest.Builder request = RunInstancesRequest.builder()
                .minCount(1)
                .maxCount(1)
                // A resolve:ssm: value is passed as it is: EC2 resolves the parameter at launch.
                .imageId(desired.ami())
                .instanceType(desired.instanceType())
                // Subnet and groups go on the primary interface, so that "no public IP" can be
                // said explicitly, whatever the subnet's MapPublicIpOnLaunch.
                .networkInterfaces(nic -> nic.deviceIndex(0)
                        .subnetId(desired.subnetId())
                        .groups(desired.securityGroupIds())
                        .associatePublicIpAddress(false)
                        // Said explicitly: an interface that outlives its instance is a leak.
                        .deleteOnTermination(true))
                .metadataOptions(m -> m.httpTokens(httpTokens(desired))
                        .httpEndpoint(InstanceMetadataEndpointState.ENABLED)
                        // One hop: the token cannot be fetched from a container behind the instance.
                        .httpPutResponseHopLimit(1))
                .blockDeviceMappings(mapping -> mapping.deviceName(rootDevice)
                        .ebs(ebs -> ebs.volumeSize(desired.volumeSizeGb())
                                .volumeType(VolumeType.GP3)
                                .encrypted(true)
                                .kmsKeyId(desired.volumeKmsKeyArn())
                                .deleteOnTermination(true)))
                // Tagged by the launch itself: never an instance (or volume) that read cannot find.
                .tagSpecifications(Ec2Tags.specification(ResourceType.INSTANCE, tags),
                        Ec2Tags.specification(ResourceType.VOLUME, tags))
                .clientToken(Ec2Calls.clientToken());
        if (desired.instanceProfileName() != null) {
            request.iamInstanceProfile(p -> p.name(desired.instanceProfileName()));
        }
        return request.build();
    }

    @Override
    public Live update(InstanceSpec desired, Live live, List<AttributeChange> changes, HandlerContext ctx) {
        requireKnown(desired);
        String id = live.instanceId();
        Set<String> paths = new TreeSet<>();
        changes.forEach(change -> paths.add(change.path()));
        if (paths.contains("metadataOptions.httpTokens")) {
            ec2.modifyInstanceMetadataOptions(r -> r.instanceId(id).httpTokens(httpTokens(desired)));
        }
        if (paths.contains("instanceProfile")) {
            setInstanceProfile(id, desired.instanceProfileName());
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
            changeInstanceType(live, desired.instanceType(), ctx);
        }
        // Tags (with the new spec hash) last: a run that fails half way leaves the old hash, so
        // the next plan still sees the rest of this change as pending. The root volume gets them too.
        Map<String, String> tags = ctx.tagsToWrite(desired.tags());
        List<String> resources = live.rootVolume() == null ? List.of(id) : List.of(id, live.rootVolume().volumeId());
        ec2.createTags(r -> r.resources(resources).tags(Ec2Tags.toTags(tags)));
        return describe(id);
    }

    /**
     * An instance has at most one profile association: replace it when there is one, associate
     * when there is none, drop it when the spec names none.
     */
    private void setInstanceProfile(String instanceId, String profileName) {
        Optional<IamInstanceProfileAssociation> current = ec2.describeIamInstanceProfileAssociationsPaginator(r -> r
                        .filters(Ec2Tags.filter("instance-id", instanceId), Ec2Tags.filter("state", "associated")))
                .iamInstanceProfileAssociations().stream().findFirst();
        if (profileName == null) {
            current.ifPresent(association -> ec2.disassociateIamInstanceProfile(r -> r
                    .associationId(association.associationId())));
        } else if (current.isPresent()) {
            ec2.replaceIamInstanceProfileAssociation(r -> r.associationId(current.get().associationId())
                    .iamInstanceProfile(p -> p.name(profileName)));
        } else {
            ec2.associateIamInstanceProfile(r -> r.instanceId(instanceId).iamInstanceProfile(p -> p.name(profileName)));
        }
    }

    /**
     * EC2 changes the type of a stopped instance only: stop, wait, modify, start again, wait. An
     * instance that was stopped (or being stopped) before is left stopped: tapctl does not own
     * whether it runs.
     */
    private void changeInstanceType(Live live, String instanceType, HandlerContext ctx) {
        String id = live.instanceId();
        String state = live.state();
        boolean wasRunning = InstanceStateName.PENDING.toString().equals(state)
                || InstanceStateName.RUNNING.toString().equals(state);
        if (InstanceStateName.PENDING.toString().equals(state)) {
            // StopInstances refuses a pending instance.
            ctx.status("waiting for running");
            waiter.waitUntilInstanceRunning(r -> r.instanceIds(id));
        }
        if (!InstanceStateName.STOPPED.toString().equals(state)) {
            if (wasRunning) {
                ec2.stopInstances(r -> r.instanceIds(id));
            }
            ctx.status("waiting for stopped");
            waiter.waitUntilInstanceStopped(r -> r.instanceIds(id));
        }
        ec2.modifyInstanceAttribute(r -> r.instanceId(id).instanceType(v -> v.value(instanceType)));
        if (wasRunning) {
            ec2.startInstances(r -> r.instanceIds(id));
            ctx.status("waiting for running");
            waiter.waitUntilInstanceRunning(r -> r.instanceIds(id));
        }
    }

    /**
     * SNAPSHOT is refused rather than taken as DELETE: the root volume goes with the instance
     * (DeleteOnTermination), so a caller asking for a snapshot would lose data silently.
     */
    @Override
    public DeleteResult delete(Live live, DeletionPolicy policy, HandlerContext ctx) {
        if (policy == DeletionPolicy.RETAIN) {
            return DeleteResult.retained(live.instanceId());
        }
        if (policy == DeletionPolicy.SNAPSHOT) {
            throw new IllegalArgumentException("instance " + live.instanceId()
                    + ": deletion policy SNAPSHOT is not supported for EC2 instances; use RETAIN or DELETE");
        }
        try {
            ec2.terminateInstances(r -> r.instanceIds(live.instanceId()));
        } catch (Ec2Exception e) {
            if (Ec2Calls.isNotFound(e)) {
                return DeleteResult.deleted();
            }
            throw e;
        }
        ctx.status("waiting for terminated");
        waiter.waitUntilInstanceTerminated(r -> r.instanceIds(live.instanceId()));
        return DeleteResult.deleted();
    }

    @Override
    public Outputs outputs(Live live) {
        return Outputs.of(InstanceSpec.INSTANCE_ID, live.instanceId(), InstanceSpec.PRIVATE_IP, live.privateIp() == null ? "" : live.privateIp());
    }

    private Live describe(String instanceId) {
        return ec2.describeInstancesPaginator(r -> r.instanceIds(instanceId)).reservations().stream()
                .flatMap(reservation -> reservation.instances().stream())
                .findFirst()
                .map(this::live)
                .orElseThrow(() -> new IllegalStateException("instance " + instanceId + " cannot be read back"));
    }

    private static HttpTokensState httpTokens(InstanceSpec desired) {
        return desired.imdsV2Required() ? HttpTokensState.REQUIRED : HttpTokensState.OPTIONAL;
    }

    /** The engine never hands create or update a placeholder; should one slip through, nothing reaches EC2. */
    private static void requireKnown(InstanceSpec desired) {
        List<String> values = new ArrayList<>(desired.securityGroupIds());
        values.addAll(Arrays.asList(desired.ami(), desired.instanceType(), desired.subnetId(),
                desired.volumeKmsKeyArn(), desired.instanceProfileName()));
        for (String value : values) {
            if (Unknown.isUnknown(value)) {
                throw new IllegalStateException("instance " + desired.name() + ": " + Unknown.display(value)
                        + " is not known yet; nothing was sent to AWS");
            }
        }
    }
}
