package dev.tapctl.stack.spec;

import dev.tapctl.engine.spi.OutputKey;
import dev.tapctl.engine.spi.Tagged;
import java.util.Map;

/** An internet gateway attached to {@code vpcId}. */
public record InternetGatewaySpec(String name, String vpcId, Map<String, String> tags) implements Tagged {
    // Outputs of this kind: the handler writes them, dependants read them.
    public static final OutputKey<InternetGatewaySpec> INTERNET_GATEWAY_ID = OutputKey.of("internetGatewayId");

    public InternetGatewaySpec {
        tags = Map.copyOf(tags);
    }
}
