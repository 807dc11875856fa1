package dev.tapctl.stack.spec;

import dev.tapctl.engine.spi.OutputKey;
import io.soabase.recordbuilder.core.RecordBuilder;
import java.util.Map;

@RecordBuilder
public record UsagePlanSpec(
        String name,
        String restApiId,
        String stageName,
        double rateLimit,
        int burstLimit,
        int quotaLimit,
        String quotaPeriod,
        Map<String, String> tags) {
    // Outputs of this kind: the handler writes them, dependants read them.
    public static final OutputKey<UsagePlanSpec> USAGE_PLAN_ID = OutputKey.of("usagePlanId");

    public UsagePlanSpec {
        tags = Map.copyOf(tags);
    }

    public static UsagePlanSpecBuilder builder() {
        return UsagePlanSpecBuilder.builder();
    }
}
