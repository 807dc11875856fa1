package dev.tapctl.stack.spec;

import java.util.List;
import java.util.Map;

public record DbSubnetGroupSpec(String name, String description, List<String> subnetIds, Map<String, String> tags) {
    public DbSubnetGroupSpec {
        subnetIds = List.copyOf(subnetIds);
        tags = Map.copyOf(tags);
    }
}
