package dev.tapctl.stack.spec;

import com.fasterxml.jackson.annotation.JsonIgnore;
import dev.tapctl.engine.spi.OutputKey;
import io.soabase.recordbuilder.core.RecordBuilder;
import java.nio.file.Path;
import java.util.Map;

/**
 * A Lambda function. {@code codeSha256} (base64 SHA-256 of the reproducible zip, as Lambda
 * reports it) is what is compared; {@code codeZip} is where the bytes are, and is neither part
 * of the spec hash nor of plan JSON since it differs from machine to machine.
 */
@RecordBuilder
public record FunctionSpec(
        String name,
        String runtime,
        String handler,
        int memoryMb,
        int timeoutSeconds,
        String deadLetterTargetArn,
        String roleArn,
        String codeSha256,
        @JsonIgnore Path codeZip,
        Map<String, String> environment,
        String logFormat,
        String logGroup,
        String applicationLogLevel,
        String systemLogLevel,
        Map<String, String> tags) {
    // Outputs of this kind: the handler writes them, dependants read them.
    public static final OutputKey<FunctionSpec> NAME = OutputKey.of("name");
    public static final OutputKey<FunctionSpec> ARN = OutputKey.of("arn");

    public FunctionSpec {
        environment = Map.copyOf(environment);
        tags = Map.copyOf(tags);
    }

    public static FunctionSpecBuilder builder() {
        return FunctionSpecBuilder.builder();
    }
}
