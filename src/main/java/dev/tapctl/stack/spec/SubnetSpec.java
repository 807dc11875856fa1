package dev.tapctl.stack.spec;

import dev.tapctl.engine.spi.OutputKey;
import java.util.Map;

public record SubnetSpec(String name, String vpcId, String cidr, String availabilityZone,
                         boolean mapPublicIpOnLaunch, Map<String, String> tags) {
    // Outputs of this kind: the handler writes them, dependants read them.
    public static final OutputKey<SubnetSpec> SUBNET_ID = OutputKey.of("subnetId");

    public SubnetSpec {
        tags = Map.copyOf(tags);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Named steps for every component: a declaration reads without positional literals. */
    public static final class Builder {
        private String name;
        private String vpcId;
        private String cidr;
        private String availabilityZone;
        private boolean mapPublicIpOnLaunch;
        private Map<String, String> tags;

        private Builder() {
        }

        public Builder name(String name) {
            this.name = name;
            return this;
        }

        public Builder vpcId(String vpcId) {
            this.vpcId = vpcId;
            return this;
        }

        public Builder cidr(String cidr) {
            this.cidr = cidr;
            return this;
        }

        public Builder availabilityZone(String availabilityZone) {
            this.availabilityZone = availabilityZone;
            return this;
        }

        public Builder mapPublicIpOnLaunch(boolean mapPublicIpOnLaunch) {
            this.mapPublicIpOnLaunch = mapPublicIpOnLaunch;
            return this;
        }

        public Builder tags(Map<String, String> tags) {
            this.tags = tags;
            return this;
        }

        public SubnetSpec build() {
            return new SubnetSpec(name, vpcId, cidr, availabilityZone, mapPublicIpOnLaunch, tags);
        }
    }
}
