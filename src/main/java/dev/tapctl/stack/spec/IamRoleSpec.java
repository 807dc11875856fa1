package dev.tapctl.stack.spec;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tapctl.engine.spi.OutputKey;
import java.util.List;
import java.util.Map;

/**
 * An IAM role with its trust policy, its inline policies by name and the managed policies attached
 * to it. tapctl owns all three sets: anything else found on the role is drift.
 */
public record IamRoleSpec(
        String name,
        String description,
        ObjectNode trustPolicy,
        Map<String, ObjectNode> inlinePolicies,
        List<String> managedPolicyArns,
        Map<String, String> tags) {
    // Outputs of this kind: the handler writes them, dependants read them.
    public static final OutputKey<IamRoleSpec> NAME = OutputKey.of("name");
    public static final OutputKey<IamRoleSpec> ARN = OutputKey.of("arn");

    public IamRoleSpec {
        inlinePolicies = Map.copyOf(inlinePolicies);
        managedPolicyArns = List.copyOf(managedPolicyArns);
        tags = Map.copyOf(tags);
    }
}
