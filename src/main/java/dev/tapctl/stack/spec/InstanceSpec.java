package dev.tapctl.stack.spec;

import dev.tapctl.engine.spi.OutputKey;
import dev.tapctl.engine.spi.Tagged;
import io.soabase.recordbuilder.core.RecordBuilder;
import java.util.List;
import java.util.Map;

/**
 * An EC2 instance in a private subnet: no public IP, IMDSv2 required, root volume encrypted
 * with the stack key. {@code ami} is an AMI id or {@code resolve:ssm:<public parameter>}.
 */
@RecordBuilder
public record InstanceSpec(
        String name,
        String ami,
        String instanceType,
        String subnetId,
        List<String> securityGroupIds,
        String instanceProfileName,
        boolean imdsV2Required,
        int volumeSizeGb,
        String volumeKmsKeyArn,
        Map<String, String> tags)
        implements Tagged {
    // Outputs of this kind: the handler writes them, dependants read them.
    public static final OutputKey<InstanceSpec> INSTANCE_ID = OutputKey.of("instanceId");
    public static final OutputKey<InstanceSpec> PRIVATE_IP = OutputKey.of("privateIp");

    public InstanceSpec {
        securityGroupIds = List.copyOf(securityGroupIds);
        tags = Map.copyOf(tags);
    }

    public static InstanceSpecBuilder builder() {
        return InstanceSpecBuilder.builder();
    }
}
