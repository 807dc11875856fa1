package dev.tapctl.stack.spec;

import dev.tapctl.engine.spi.OutputKey;
import dev.tapctl.engine.spi.Tagged;
import java.util.List;
import java.util.Map;

/** A security group and its complete set of ingress rules (there is never a 0.0.0.0/0 one). */
public record SecurityGroupSpec(
        String name, String vpcId, String description, List<IngressRule> ingress, Map<String, String> tags)
        implements Tagged {
    // Outputs of this kind: the handler writes them, dependants read them.
    public static final OutputKey<SecurityGroupSpec> GROUP_ID = OutputKey.of("groupId");

    public SecurityGroupSpec {
        ingress = List.copyOf(ingress);
        tags = Map.copyOf(tags);
    }

    /** TCP from another security group of the same VPC. */
    public record IngressRule(String protocol, int fromPort, int toPort, String sourceGroupId, String description) {}
}
