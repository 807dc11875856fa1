package dev.tapctl.stack.spec;

import dev.tapctl.engine.spi.OutputKey;
import java.util.Map;

public record InstanceProfileSpec(String name, String roleName, Map<String, String> tags) {
    // Outputs of this kind: the handler writes them, dependants read them.
    public static final OutputKey<InstanceProfileSpec> NAME = OutputKey.of("name");
    public static final OutputKey<InstanceProfileSpec> ARN = OutputKey.of("arn");

    public InstanceProfileSpec {
        tags = Map.copyOf(tags);
    }
}
