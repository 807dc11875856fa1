package dev.tapctl.stack.spec;

/** One statement of a function's resource policy: who may invoke it, from which source ARN. */
public record LambdaPermissionSpec(String functionName, String statementId, String action, String principal,
                                   String sourceArn) {
}
