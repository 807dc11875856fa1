package dev.tapctl.stack.spec;

import java.util.Map;

/**
 * A stage of a REST API, deployed from the API's current definition: {@code definitionFingerprint}
 * changes whenever the API's resources, integration or CORS change, and a new deployment is made.
 * Stage-wide throttling applies to every method ({@code /*}{@code /*}); access logs are JSON lines.
 */
public record StageSpec(String restApiId, String stageName, String definitionFingerprint, double rateLimit,
                        int burstLimit, String accessLogDestinationArn, String accessLogFormat,
                        Map<String, String> tags) {
    public StageSpec {
        tags = Map.copyOf(tags);
    }
}
