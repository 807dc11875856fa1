package dev.tapctl.stack.spec;

import dev.tapctl.engine.spi.OutputKey;
import java.util.List;
import java.util.Map;

public record DbSubnetGroupSpec(String name, String description, List<String> subnetIds, Map<String, String> tags) {
    // Outputs of this kind: the handler writes them, dependants read them.
    public static final OutputKey<DbSubnetGroupSpec> NAME = OutputKey.of("name");
    public static final OutputKey<DbSubnetGroupSpec> ARN = OutputKey.of("arn");

    public DbSubnetGroupSpec {
        subnetIds = List.copyOf(subnetIds);
        tags = Map.copyOf(tags);
    }
}
