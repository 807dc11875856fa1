package dev.tapctl.stack.spec;

import dev.tapctl.engine.spi.OutputKey;
import java.util.Map;

/**
 * A stage of a REST API, deployed from the API's current definition: {@code definitionFingerprint}
 * changes whenever the API's resources, integration or CORS change, and a new deployment is made.
 * Stage-wide throttling applies to every method ({@code /*}{@code /*}); access logs are JSON lines.
 */
public record StageSpec(String restApiId, String stageName, String definitionFingerprint, double rateLimit,
                        int burstLimit, String accessLogDestinationArn, String accessLogFormat,
                        Map<String, String> tags) {
    // Outputs of this kind: the handler writes them, dependants read them.
    public static final OutputKey<StageSpec> STAGE_NAME = OutputKey.of("stageName");
    public static final OutputKey<StageSpec> INVOKE_URL = OutputKey.of("invokeUrl");
    public static final OutputKey<StageSpec> ARN = OutputKey.of("arn");

    public StageSpec {
        tags = Map.copyOf(tags);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Named steps for every component: a declaration reads without positional literals. */
    public static final class Builder {
        private String restApiId;
        private String stageName;
        private String definitionFingerprint;
        private double rateLimit;
        private int burstLimit;
        private String accessLogDestinationArn;
        private String accessLogFormat;
        private Map<String, String> tags;

        private Builder() {
        }

        public Builder restApiId(String restApiId) {
            this.restApiId = restApiId;
            return this;
        }

        public Builder stageName(String stageName) {
            this.stageName = stageName;
            return this;
        }

        public Builder definitionFingerprint(String definitionFingerprint) {
            this.definitionFingerprint = definitionFingerprint;
            return this;
        }

        public Builder rateLimit(double rateLimit) {
            this.rateLimit = rateLimit;
            return this;
        }

        public Builder burstLimit(int burstLimit) {
            this.burstLimit = burstLimit;
            return this;
        }

        public Builder accessLogDestinationArn(String accessLogDestinationArn) {
            this.accessLogDestinationArn = accessLogDestinationArn;
            return this;
        }

        public Builder accessLogFormat(String accessLogFormat) {
            this.accessLogFormat = accessLogFormat;
            return this;
        }

        public Builder tags(Map<String, String> tags) {
            this.tags = tags;
            return this;
        }

        public StageSpec build() {
            return new StageSpec(restApiId, stageName, definitionFingerprint, rateLimit, burstLimit,
                    accessLogDestinationArn, accessLogFormat, tags);
        }
    }
}
