package dev.tapctl.stack.spec;

import dev.tapctl.engine.spi.OutputKey;
import java.util.List;
import java.util.Map;

/**
 * A VPC endpoint of an AWS service ({@code com.amazonaws.<region>.<service>}). A gateway endpoint
 * puts the service's prefix list in {@code routeTableIds}; an interface endpoint has a network
 * interface in each of {@code subnetIds}, guarded by {@code securityGroupIds}, with private DNS.
 * {@code policy} is the endpoint policy (JSON) as AWS is to hold it.
 */
public record VpcEndpointSpec(String name, String vpcId, String serviceName, Type type, List<String> routeTableIds,
                              List<String> subnetIds, List<String> securityGroupIds, boolean privateDnsEnabled,
                              String policy, Map<String, String> tags) {
    // Outputs of this kind: the handler writes them, dependants read them.
    public static final OutputKey<VpcEndpointSpec> VPC_ENDPOINT_ID = OutputKey.of("vpcEndpointId");

    public enum Type { GATEWAY, INTERFACE }

    public VpcEndpointSpec {
        routeTableIds = List.copyOf(routeTableIds);
        subnetIds = List.copyOf(subnetIds);
        securityGroupIds = List.copyOf(securityGroupIds);
        tags = Map.copyOf(tags);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Named steps for every component: a declaration reads without positional literals. */
    public static final class Builder {
        private String name;
        private String vpcId;
        private String serviceName;
        private Type type;
        private List<String> routeTableIds;
        private List<String> subnetIds;
        private List<String> securityGroupIds;
        private boolean privateDnsEnabled;
        private String policy;
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

        public Builder serviceName(String serviceName) {
            this.serviceName = serviceName;
            return this;
        }

        public Builder type(Type type) {
            this.type = type;
            return this;
        }

        public Builder routeTableIds(List<String> routeTableIds) {
            this.routeTableIds = routeTableIds;
            return this;
        }

        public Builder subnetIds(List<String> subnetIds) {
            this.subnetIds = subnetIds;
            return this;
        }

        public Builder securityGroupIds(List<String> securityGroupIds) {
            this.securityGroupIds = securityGroupIds;
            return this;
        }

        public Builder privateDnsEnabled(boolean privateDnsEnabled) {
            this.privateDnsEnabled = privateDnsEnabled;
            return this;
        }

        public Builder policy(String policy) {
            this.policy = policy;
            return this;
        }

        public Builder tags(Map<String, String> tags) {
            this.tags = tags;
            return this;
        }

        public VpcEndpointSpec build() {
            return new VpcEndpointSpec(name, vpcId, serviceName, type, routeTableIds, subnetIds, securityGroupIds,
                    privateDnsEnabled, policy, tags);
        }
    }
}
