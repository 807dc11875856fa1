package dev.tapctl.stack.spec;

import dev.tapctl.engine.spi.OutputKey;
import io.soabase.recordbuilder.core.RecordBuilder;
import java.util.Map;

/**
 * A stage of a REST API, deployed from the API's current definition: {@code definitionFingerprint}
 * changes whenever the API's resources, integration or CORS change, and a new deployment is made.
 * Stage-wide throttling applies to every method ({@code /*}{@code /*}); access logs are JSON lines.
 */
@RecordBuilder
public record StageSpec(
        String restApiId,
        String stageName,
        String definitionFingerprint,
        double rateLimit,
        int burstLimit,
        String accessLogDestinationArn,
        String accessLogFormat,
        Map<String, String> tags) {
    // Outputs of this kind: the handler writes them, dependants read them.
    public static final OutputKey<StageSpec> STAGE_NAME = OutputKey.of("stageName");
    public static final OutputKey<StageSpec> INVOKE_URL = OutputKey.of("invokeUrl");
    public static final OutputKey<StageSpec> ARN = OutputKey.of("arn");

    public StageSpec {
        tags = Map.copyOf(tags);
    }

    public static StageSpecBuilder builder() {
        return StageSpecBuilder.builder();
    }
}
