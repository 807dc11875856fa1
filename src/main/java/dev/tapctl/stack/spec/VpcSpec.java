package dev.tapctl.stack.spec;

import dev.tapctl.engine.spi.OutputKey;
import java.util.Map;

public record VpcSpec(String name, String cidr, boolean dnsSupport, boolean dnsHostnames, Map<String, String> tags) {
    // Outputs of this kind: the handler writes them, dependants read them.
    public static final OutputKey<VpcSpec> VPC_ID = OutputKey.of("vpcId");

    public VpcSpec {
        tags = Map.copyOf(tags);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Named steps for every component: a declaration reads without positional literals. */
    public static final class Builder {
        private String name;
        private String cidr;
        private boolean dnsSupport;
        private boolean dnsHostnames;
        private Map<String, String> tags;

        private Builder() {
        }

        public Builder name(String name) {
            this.name = name;
            return this;
        }

        public Builder cidr(String cidr) {
            this.cidr = cidr;
            return this;
        }

        public Builder dnsSupport(boolean dnsSupport) {
            this.dnsSupport = dnsSupport;
            return this;
        }

        public Builder dnsHostnames(boolean dnsHostnames) {
            this.dnsHostnames = dnsHostnames;
            return this;
        }

        public Builder tags(Map<String, String> tags) {
            this.tags = tags;
            return this;
        }

        public VpcSpec build() {
            return new VpcSpec(name, cidr, dnsSupport, dnsHostnames, tags);
        }
    }
}
