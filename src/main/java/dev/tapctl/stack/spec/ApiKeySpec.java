package dev.tapctl.stack.spec;

import java.util.Map;

/**
 * An API key of one client of the API. API Gateway generates its value; the spec never holds
 * one, so no plan, apply or plan JSON can show it.
 */
public record ApiKeySpec(String name, String description, boolean enabled, Map<String, String> tags) {
    public ApiKeySpec {
        tags = Map.copyOf(tags);
    }
}
