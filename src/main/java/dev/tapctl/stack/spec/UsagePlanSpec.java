package dev.tapctl.stack.spec;

import java.util.Map;

public record UsagePlanSpec(String name, String restApiId, String stageName, double rateLimit, int burstLimit,
                            int quotaLimit, String quotaPeriod, Map<String, String> tags) {
    public UsagePlanSpec {
        tags = Map.copyOf(tags);
    }
}
