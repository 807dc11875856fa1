package dev.tapctl.stack.spec;

import dev.tapctl.engine.spi.OutputKey;
import java.util.List;
import java.util.Map;

/**
 * An EC2 instance in a private subnet: no public IP, IMDSv2 required, root volume encrypted
 * with the stack key. {@code ami} is an AMI id or {@code resolve:ssm:<public parameter>}.
 */
public record InstanceSpec(String name, String ami, String instanceType, String subnetId,
                           List<String> securityGroupIds, String instanceProfileName, boolean imdsV2Required,
                           int volumeSizeGb, String volumeKmsKeyArn, Map<String, String> tags) {
    // Outputs of this kind: the handler writes them, dependants read them.
    public static final OutputKey<InstanceSpec> INSTANCE_ID = OutputKey.of("instanceId");
    public static final OutputKey<InstanceSpec> PRIVATE_IP = OutputKey.of("privateIp");

    public InstanceSpec {
        securityGroupIds = List.copyOf(securityGroupIds);
        tags = Map.copyOf(tags);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Named steps for every component: a declaration reads without positional literals. */
    public static final class Builder {
        private String name;
        private String ami;
        private String instanceType;
        private String subnetId;
        private List<String> securityGroupIds;
        private String instanceProfileName;
        private boolean imdsV2Required;
        private int volumeSizeGb;
        private String volumeKmsKeyArn;
        private Map<String, String> tags;

        private Builder() {
        }

        public Builder name(String name) {
            this.name = name;
            return this;
        }

        public Builder ami(String ami) {
            this.ami = ami;
            return this;
        }

        public Builder instanceType(String instanceType) {
            this.instanceType = instanceType;
            return this;
        }

        public Builder subnetId(String subnetId) {
            this.subnetId = subnetId;
            return this;
        }

        public Builder securityGroupIds(List<String> securityGroupIds) {
            this.securityGroupIds = securityGroupIds;
            return this;
        }

        public Builder instanceProfileName(String instanceProfileName) {
            this.instanceProfileName = instanceProfileName;
            return this;
        }

        public Builder imdsV2Required(boolean imdsV2Required) {
            this.imdsV2Required = imdsV2Required;
            return this;
        }

        public Builder volumeSizeGb(int volumeSizeGb) {
            this.volumeSizeGb = volumeSizeGb;
            return this;
        }

        public Builder volumeKmsKeyArn(String volumeKmsKeyArn) {
            this.volumeKmsKeyArn = volumeKmsKeyArn;
            return this;
        }

        public Builder tags(Map<String, String> tags) {
            this.tags = tags;
            return this;
        }

        public InstanceSpec build() {
            return new InstanceSpec(name, ami, instanceType, subnetId, securityGroupIds, instanceProfileName,
                    imdsV2Required, volumeSizeGb, volumeKmsKeyArn, tags);
        }
    }
}
