package dev.tapctl.stack.spec;

import dev.tapctl.engine.spi.OutputKey;

/**
 * The region's API Gateway account setting: the role API Gateway uses to write logs. Account
 * wide, so tapctl sets it only when it is missing and never changes or removes someone's role.
 */
public record ApiAccountSpec(String cloudWatchRoleArn) {
    // Outputs of this kind: the handler writes them, dependants read them.
    public static final OutputKey<ApiAccountSpec> CLOUD_WATCH_ROLE_ARN = OutputKey.of("cloudWatchRoleArn");
}
