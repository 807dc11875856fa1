package dev.tapctl.stack.spec;

import dev.tapctl.engine.spi.OutputKey;
import dev.tapctl.engine.spi.Tagged;
import java.util.Map;

/** A public NAT gateway in one public subnet, with its own Elastic IP ({@code allocationId}). */
public record NatGatewaySpec(String name, String subnetId, String allocationId, Map<String, String> tags)
        implements Tagged {
    // Outputs of this kind: the handler writes them, dependants read them.
    public static final OutputKey<NatGatewaySpec> NAT_GATEWAY_ID = OutputKey.of("natGatewayId");

    public NatGatewaySpec {
        tags = Map.copyOf(tags);
    }
}
