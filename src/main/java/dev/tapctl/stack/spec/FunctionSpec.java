package dev.tapctl.stack.spec;

import dev.tapctl.engine.spi.OutputKey;
import com.fasterxml.jackson.annotation.JsonIgnore;
import java.nio.file.Path;
import java.util.Map;

/**
 * A Lambda function. {@code codeSha256} (base64 SHA-256 of the reproducible zip, as Lambda
 * reports it) is what is compared; {@code codeZip} is where the bytes are, and is neither part
 * of the spec hash nor of plan JSON since it differs from machine to machine.
 */
public record FunctionSpec(
        String name,
        String runtime,
        String handler,
        int memoryMb,
        int timeoutSeconds,
        String roleArn,
        String codeSha256,
        @JsonIgnore Path codeZip,
        Map<String, String> environment,
        String deadLetterTargetArn,
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

    public static Builder builder() {
        return new Builder();
    }

    /** Named steps for every component: a declaration reads without positional literals. */
    public static final class Builder {
        private String name;
        private String runtime;
        private String handler;
        private int memoryMb;
        private int timeoutSeconds;
        private String roleArn;
        private String codeSha256;
        private Path codeZip;
        private Map<String, String> environment;
        private String deadLetterTargetArn;
        private String logFormat;
        private String logGroup;
        private String applicationLogLevel;
        private String systemLogLevel;
        private Map<String, String> tags;

        private Builder() {
        }

        public Builder name(String name) {
            this.name = name;
            return this;
        }

        public Builder runtime(String runtime) {
            this.runtime = runtime;
            return this;
        }

        public Builder handler(String handler) {
            this.handler = handler;
            return this;
        }

        public Builder memoryMb(int memoryMb) {
            this.memoryMb = memoryMb;
            return this;
        }

        public Builder timeoutSeconds(int timeoutSeconds) {
            this.timeoutSeconds = timeoutSeconds;
            return this;
        }

        public Builder roleArn(String roleArn) {
            this.roleArn = roleArn;
            return this;
        }

        public Builder codeSha256(String codeSha256) {
            this.codeSha256 = codeSha256;
            return this;
        }

        public Builder codeZip(Path codeZip) {
            this.codeZip = codeZip;
            return this;
        }

        public Builder environment(Map<String, String> environment) {
            this.environment = environment;
            return this;
        }

        public Builder deadLetterTargetArn(String deadLetterTargetArn) {
            this.deadLetterTargetArn = deadLetterTargetArn;
            return this;
        }

        public Builder logFormat(String logFormat) {
            this.logFormat = logFormat;
            return this;
        }

        public Builder logGroup(String logGroup) {
            this.logGroup = logGroup;
            return this;
        }

        public Builder applicationLogLevel(String applicationLogLevel) {
            this.applicationLogLevel = applicationLogLevel;
            return this;
        }

        public Builder systemLogLevel(String systemLogLevel) {
            this.systemLogLevel = systemLogLevel;
            return this;
        }

        public Builder tags(Map<String, String> tags) {
            this.tags = tags;
            return this;
        }

        public FunctionSpec build() {
            return new FunctionSpec(name, runtime, handler, memoryMb, timeoutSeconds, roleArn, codeSha256, codeZip,
                    environment, deadLetterTargetArn, logFormat, logGroup, applicationLogLevel, systemLogLevel, tags);
        }
    }
}
