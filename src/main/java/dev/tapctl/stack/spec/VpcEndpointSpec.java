package dev.tapctl.stack.spec;

import dev.tapctl.engine.spi.OutputKey;
import dev.tapctl.engine.spi.Tagged;
import io.soabase.recordbuilder.core.RecordBuilder;
import java.util.List;
import java.util.Map;

/**
 * A VPC endpoint of an AWS service ({@code com.amazonaws.<region>.<service>}). A gateway endpoint
 * puts the service's prefix list in {@code routeTableIds}; an interface endpoint has a network
 * interface in each of {@code subnetIds}, guarded by {@code securityGroupIds}, with private DNS.
 * {@code policy} is the endpoint policy (JSON) as AWS is to hold it.
 */
@RecordBuilder
public record VpcEndpointSpec(
        String name,
        String vpcId,
        String serviceName,
        Type type,
        List<String> routeTableIds,
        List<String> subnetIds,
        List<String> securityGroupIds,
        boolean privateDnsEnabled,
        String policy,
        Map<String, String> tags)
        implements Tagged {
    // Outputs of this kind: the handler writes them, dependants read them.
    public static final OutputKey<VpcEndpointSpec> VPC_ENDPOINT_ID = OutputKey.of("vpcEndpointId");

    public enum Type {
        GATEWAY,
        INTERFACE
    }

    public VpcEndpointSpec {
        routeTableIds = List.copyOf(routeTableIds);
        subnetIds = List.copyOf(subnetIds);
        securityGroupIds = List.copyOf(securityGroupIds);
        tags = Map.copyOf(tags);
    }

    public static VpcEndpointSpecBuilder builder() {
        return VpcEndpointSpecBuilder.builder();
    }
}
