package dev.tapctl.stack.spec;

import java.util.Map;

public record LogGroupSpec(String name, int retentionDays, String kmsKeyArn, Map<String, String> tags) {
    public LogGroupSpec {
        tags = Map.copyOf(tags);
    }
}
