package dev.tapctl.resources.lambda;

import dev.tapctl.stack.spec.FunctionSpec;
import java.util.Map;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.lambda.model.CreateFunctionRequest;
import software.amazon.awssdk.services.lambda.model.DeadLetterConfig;
import software.amazon.awssdk.services.lambda.model.Environment;
import software.amazon.awssdk.services.lambda.model.LoggingConfig;
import software.amazon.awssdk.services.lambda.model.UpdateFunctionConfigurationRequest;

/** A function spec as Lambda's CreateFunction and UpdateFunctionConfiguration take it. */
final class FunctionRequests {
    private FunctionRequests() {}

    static CreateFunctionRequest create(FunctionSpec desired, SdkBytes zip, Map<String, String> tags) {
        return CreateFunctionRequest.builder()
                .functionName(desired.name())
                .runtime(desired.runtime())
                .handler(desired.handler())
                .memorySize(desired.memoryMb())
                .timeout(desired.timeoutSeconds())
                .role(desired.roleArn())
                .code(c -> c.zipFile(zip))
                .environment(
                        Environment.builder().variables(desired.environment()).build())
                .deadLetterConfig(
                        desired.deadLetterTargetArn() == null
                                ? null
                                : DeadLetterConfig.builder()
                                        .targetArn(desired.deadLetterTargetArn())
                                        .build())
                .loggingConfig(loggingConfig(desired))
                .tags(tags)
                .build();
    }

    /** Every setting of function {@code name} but its code; the dead-letter queue only when {@code deadLetterChanged}. */
    static UpdateFunctionConfigurationRequest configuration(
            String name, FunctionSpec desired, boolean deadLetterChanged) {
        return UpdateFunctionConfigurationRequest.builder()
                .functionName(name)
                .runtime(desired.runtime())
                .handler(desired.handler())
                .memorySize(desired.memoryMb())
                .timeout(desired.timeoutSeconds())
                .role(desired.roleArn())
                .environment(
                        Environment.builder().variables(desired.environment()).build())
                .deadLetterConfig(deadLetterChanged ? deadLetterChange(desired) : null)
                .loggingConfig(loggingConfig(desired))
                .build();
    }

    /** An empty target is how a dead-letter queue is removed. */
    private static DeadLetterConfig deadLetterChange(FunctionSpec spec) {
        return DeadLetterConfig.builder()
                .targetArn(spec.deadLetterTargetArn() == null ? "" : spec.deadLetterTargetArn())
                .build();
    }

    /** Null when the spec leaves every logging setting to AWS. */
    private static LoggingConfig loggingConfig(FunctionSpec spec) {
        if (spec.logFormat() == null
                && spec.logGroup() == null
                && spec.applicationLogLevel() == null
                && spec.systemLogLevel() == null) {
            return null;
        }
        return LoggingConfig.builder()
                .logFormat(spec.logFormat())
                .logGroup(spec.logGroup())
                .applicationLogLevel(spec.applicationLogLevel())
                .systemLogLevel(spec.systemLogLevel())
                .build();
    }
}
