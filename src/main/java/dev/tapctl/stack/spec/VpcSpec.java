package dev.tapctl.stack.spec;

import dev.tapctl.engine.spi.OutputKey;
import dev.tapctl.engine.spi.Tagged;
import io.soabase.recordbuilder.core.RecordBuilder;
import java.util.Map;

@RecordBuilder
public record VpcSpec(String name, String cidr, boolean dnsSupport, boolean dnsHostnames, Map<String, String> tags)
        implements Tagged {
    // Outputs of this kind: the handler writes them, dependants read them.
    public static final OutputKey<VpcSpec> VPC_ID = OutputKey.of("vpcId");

    public VpcSpec {
        tags = Map.copyOf(tags);
    }

    public static VpcSpecBuilder builder() {
        return VpcSpecBuilder.builder();
    }
}
