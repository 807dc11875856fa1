package dev.tapctl.stack.spec;

import dev.tapctl.engine.spi.OutputKey;

/** An API key attached to a usage plan, whose throttle and quota then apply to that key. */
public record UsagePlanKeySpec(String usagePlanId, String apiKeyId, String keyName) {
    // Outputs of this kind: the handler writes them, dependants read them.
    public static final OutputKey<UsagePlanKeySpec> USAGE_PLAN_ID = OutputKey.of("usagePlanId");
    public static final OutputKey<UsagePlanKeySpec> API_KEY_ID = OutputKey.of("apiKeyId");
}
