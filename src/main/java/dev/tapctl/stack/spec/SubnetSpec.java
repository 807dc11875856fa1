package dev.tapctl.stack.spec;

import java.util.Map;

public record SubnetSpec(String name, String vpcId, String cidr, String availabilityZone,
                         boolean mapPublicIpOnLaunch, Map<String, String> tags) {
    public SubnetSpec {
        tags = Map.copyOf(tags);
    }
}
