package dev.tapctl.stack.spec;

/** An API key attached to a usage plan, whose throttle and quota then apply to that key. */
public record UsagePlanKeySpec(String usagePlanId, String apiKeyId, String keyName) {
}
