package dev.tapctl.stack.spec;

import dev.tapctl.engine.spi.OutputKey;
import dev.tapctl.engine.spi.Tagged;
import io.soabase.recordbuilder.core.RecordBuilder;
import java.util.Map;

@RecordBuilder
public record SubnetSpec(
        String name,
        String vpcId,
        String cidr,
        String availabilityZone,
        boolean mapPublicIpOnLaunch,
        Map<String, String> tags)
        implements Tagged {
    // Outputs of this kind: the handler writes them, dependants read them.
    public static final OutputKey<SubnetSpec> SUBNET_ID = OutputKey.of("subnetId");

    public SubnetSpec {
        tags = Map.copyOf(tags);
    }

    public static SubnetSpecBuilder builder() {
        return SubnetSpecBuilder.builder();
    }
}
