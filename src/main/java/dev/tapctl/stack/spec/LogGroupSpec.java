package dev.tapctl.stack.spec;

import dev.tapctl.engine.spi.OutputKey;
import java.util.Map;

public record LogGroupSpec(String name, int retentionDays, String kmsKeyArn, Map<String, String> tags) {
    // Outputs of this kind: the handler writes them, dependants read them.
    public static final OutputKey<LogGroupSpec> NAME = OutputKey.of("name");
    public static final OutputKey<LogGroupSpec> ARN = OutputKey.of("arn");

    public LogGroupSpec {
        tags = Map.copyOf(tags);
    }
}
