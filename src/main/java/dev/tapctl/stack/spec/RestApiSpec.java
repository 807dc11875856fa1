package dev.tapctl.stack.spec;

import dev.tapctl.engine.spi.OutputKey;
import java.util.Map;

/**
 * A REST API itself, its shell: name, description, endpoint type and tags. What it serves is
 * declared apart, as resources of their own on the API's id: its routes ({@link ApiRoutesSpec})
 * and its gateway responses ({@link GatewayResponsesSpec}).
 */
public record RestApiSpec(String name, String description, String endpointType, Map<String, String> tags) {
    // Outputs of this kind: the handler writes them, dependants read them.
    public static final OutputKey<RestApiSpec> REST_API_ID = OutputKey.of("restApiId");

    public RestApiSpec {
        tags = Map.copyOf(tags);
    }
}
