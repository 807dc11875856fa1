package dev.tapctl.stack.spec;

import dev.tapctl.engine.spi.OutputKey;
import java.util.Map;

/**
 * An API key of one client of the API. API Gateway generates its value; the spec never holds
 * one, so no plan, apply or plan JSON can show it.
 */
public record ApiKeySpec(String name, String description, boolean enabled, Map<String, String> tags) {
    // Outputs of this kind: the handler writes them, dependants read them.
    public static final OutputKey<ApiKeySpec> API_KEY_ID = OutputKey.of("apiKeyId");
    public static final OutputKey<ApiKeySpec> NAME = OutputKey.of("name");

    public ApiKeySpec {
        tags = Map.copyOf(tags);
    }
}
