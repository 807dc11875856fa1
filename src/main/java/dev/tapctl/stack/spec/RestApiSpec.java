package dev.tapctl.stack.spec;

import dev.tapctl.engine.spi.OutputKey;
import io.soabase.recordbuilder.core.RecordBuilder;
import java.util.List;
import java.util.Map;

/**
 * A REST API whose resources ({@code resourcePaths}, e.g. {@code /items/{id}}) each take any
 * method through a Lambda proxy integration ({@code integrationUri}) and answer CORS preflights
 * with {@code cors}; the DEFAULT_4XX and DEFAULT_5XX gateway responses carry the CORS headers too.
 * {@code apiKeyRequired} says, by HTTP method of every configured path ({@code ANY}, the proxy;
 * {@code OPTIONS}, the preflight), whether a call needs an API key (header {@code x-api-key});
 * a method it does not name needs none.
 */
@RecordBuilder
public record RestApiSpec(
        String name,
        String description,
        String endpointType,
        List<String> resourcePaths,
        String integrationUri,
        Cors cors,
        Map<String, String> tags,
        Map<String, Boolean> apiKeyRequired) {
    // Outputs of this kind: the handler writes them, dependants read them.
    public static final OutputKey<RestApiSpec> REST_API_ID = OutputKey.of("restApiId");

    public RestApiSpec {
        resourcePaths = List.copyOf(resourcePaths);
        tags = Map.copyOf(tags);
        apiKeyRequired = Map.copyOf(new java.util.TreeMap<>(apiKeyRequired));
    }

    /** An API no method of which requires a key. */
    public RestApiSpec(
            String name,
            String description,
            String endpointType,
            List<String> resourcePaths,
            String integrationUri,
            Cors cors,
            Map<String, String> tags) {
        this(name, description, endpointType, resourcePaths, integrationUri, cors, tags, Map.of());
    }

    /** Whether {@code httpMethod} of the configured paths requires an API key. */
    public boolean keyRequired(String httpMethod) {
        return Boolean.TRUE.equals(apiKeyRequired.get(httpMethod));
    }

    /** Explicit origins, methods and headers; never a wildcard origin in a protected environment. */
    public record Cors(
            List<String> allowOrigins, List<String> allowMethods, List<String> allowHeaders, int maxAgeSeconds) {
        public Cors {
            allowOrigins = List.copyOf(allowOrigins);
            allowMethods = List.copyOf(allowMethods);
            allowHeaders = List.copyOf(allowHeaders);
        }
    }

    public static RestApiSpecBuilder builder() {
        return RestApiSpecBuilder.builder();
    }
}
