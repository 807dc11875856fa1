package dev.tapctl.stack.spec;

import dev.tapctl.engine.spi.OutputKey;
import java.util.Map;

/**
 * An instance profile holding one role. {@code roleArn} tells that role from an earlier one of
 * the same name (a role replaced to move it to its environment's path); null compares the name only.
 */
public record InstanceProfileSpec(String name, String roleName, String roleArn, Map<String, String> tags) {
    // Outputs of this kind: the handler writes them, dependants read them.
    public static final OutputKey<InstanceProfileSpec> NAME = OutputKey.of("name");
    public static final OutputKey<InstanceProfileSpec> ARN = OutputKey.of("arn");

    public InstanceProfileSpec {
        tags = Map.copyOf(tags);
    }

    /** A profile whose role is compared by name alone. */
    public InstanceProfileSpec(String name, String roleName, Map<String, String> tags) {
        this(name, roleName, null, tags);
    }
}
