package dev.tapctl.stack.spec;

import java.util.Map;

public record InstanceProfileSpec(String name, String roleName, Map<String, String> tags) {
    public InstanceProfileSpec {
        tags = Map.copyOf(tags);
    }
}
