package dev.tapctl.stack.spec;

/**
 * The region's API Gateway account setting: the role API Gateway uses to write logs. Account
 * wide, so tapctl sets it only when it is missing and never changes or removes someone's role.
 */
public record ApiAccountSpec(String cloudWatchRoleArn) {
}
