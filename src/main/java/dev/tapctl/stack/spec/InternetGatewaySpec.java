package dev.tapctl.stack.spec;

import java.util.Map;

/** An internet gateway attached to {@code vpcId}. */
public record InternetGatewaySpec(String name, String vpcId, Map<String, String> tags) {
    public InternetGatewaySpec {
        tags = Map.copyOf(tags);
    }
}
