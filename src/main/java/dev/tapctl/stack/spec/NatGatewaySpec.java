package dev.tapctl.stack.spec;

import java.util.Map;

/** A public NAT gateway in one public subnet, with its own Elastic IP ({@code allocationId}). */
public record NatGatewaySpec(String name, String subnetId, String allocationId, Map<String, String> tags) {
    public NatGatewaySpec {
        tags = Map.copyOf(tags);
    }
}
