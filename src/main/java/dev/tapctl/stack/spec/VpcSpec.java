package dev.tapctl.stack.spec;

import dev.tapctl.engine.spi.OutputKey;
import java.util.Map;

public record VpcSpec(String name, String cidr, boolean dnsSupport, boolean dnsHostnames, Map<String, String> tags) {
    // Outputs of this kind: the handler writes them, dependants read them.
    public static final OutputKey<VpcSpec> VPC_ID = OutputKey.of("vpcId");

    public VpcSpec {
        tags = Map.copyOf(tags);
    }
}
