package dev.tapctl.stack.spec;

import java.util.Map;

public record VpcSpec(String name, String cidr, boolean dnsSupport, boolean dnsHostnames, Map<String, String> tags) {
    public VpcSpec {
        tags = Map.copyOf(tags);
    }
}
