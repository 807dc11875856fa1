package dev.tapctl.resources.ec2;

import dev.tapctl.aws.Eventually;
import dev.tapctl.engine.spi.HandlerContext;
import dev.tapctl.stack.spec.InstanceSpec;
import java.util.Map;
import java.util.Objects;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.HttpTokensState;
import software.amazon.awssdk.services.ec2.model.InstanceMetadataEndpointState;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.RunInstancesRequest;
import software.amazon.awssdk.services.ec2.model.VolumeType;

/**
 * The launch of one instance as the spec says: its root volume under the AMI's root device, its
 * primary interface without a public IP, IMDSv2 as configured, and the tags on the launch itself.
 */
final class InstanceLaunch {

    /** An AMI given as {@code resolve:ssm:<parameter>}: EC2 reads the parameter at launch. */
    static final String SSM_AMI_PREFIX = "resolve:ssm:";

    /**
     * The root device of the Amazon Linux AMIs the stack's SSM parameters name. For an explicit
     * AMI id the AMI's own root device name is used instead (see {@link #rootDeviceName}).
     */
    static final String DEFAULT_ROOT_DEVICE = "/dev/xvda";

    private final Ec2Client ec2;
    private final Eventually eventually;

    InstanceLaunch(Ec2Client ec2, Eventually eventually) {
        this.ec2 = ec2;
        this.eventually = Objects.requireNonNull(eventually, "eventually");
    }

    /** RunInstances as the spec says, with these tags; answers the new instance's id. */
    String launch(InstanceSpec desired, Map<String, String> tags, HandlerContext ctx) {
        return runInstance(desired, tags, rootDeviceName(desired.ami()), ctx);
    }

    static HttpTokensState httpTokens(InstanceSpec desired) {
        return desired.imdsV2Required() ? HttpTokensState.REQUIRED : HttpTokensState.OPTIONAL;
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
        return eventually.retry(
                "instance profile " + desired.instanceProfileName() + " to reach EC2",
                InstanceLaunch::profileNotReady,
                ctx::status,
                () -> ec2.runInstances(runRequest(desired, tags, rootDevice))
                        .instances()
                        .get(0)
                        .instanceId());
    }

    static boolean profileNotReady(Throwable e) {
        return Eventually.codeAndMessage("InvalidParameterValue", "Invalid IAM Instance Profile")
                .test(e);
    }

    private static RunInstancesRequest runRequest(InstanceSpec desired, Map<String, String> tags, String rootDevice) {
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
                .blockDeviceMappings(
                        mapping -> mapping.deviceName(rootDevice).ebs(ebs -> ebs.volumeSize(desired.volumeSizeGb())
                                .volumeType(VolumeType.GP3)
                                .encrypted(true)
                                .kmsKeyId(desired.volumeKmsKeyArn())
                                .deleteOnTermination(true)))
                // Tagged by the launch itself: never an instance (or volume) that read cannot find.
                .tagSpecifications(
                        Ec2Tags.specification(ResourceType.INSTANCE, tags),
                        Ec2Tags.specification(ResourceType.VOLUME, tags))
                .clientToken(Ec2Calls.clientToken());
        if (desired.instanceProfileName() != null) {
            request.iamInstanceProfile(p -> p.name(desired.instanceProfileName()));
        }
        return request.build();
    }
}
