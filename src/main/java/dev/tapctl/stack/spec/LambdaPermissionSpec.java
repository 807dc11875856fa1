package dev.tapctl.stack.spec;

import dev.tapctl.engine.spi.OutputKey;

/** One statement of a function's resource policy: who may invoke it, from which source ARN. */
public record LambdaPermissionSpec(
        String functionName, String statementId, String action, String principal, String sourceArn) {
    // Outputs of this kind: the handler writes them, dependants read them.
    public static final OutputKey<LambdaPermissionSpec> STATEMENT_ID = OutputKey.of("statementId");
}
