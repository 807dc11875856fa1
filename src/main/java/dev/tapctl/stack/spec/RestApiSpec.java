package dev.tapctl.stack.spec;

import java.util.List;
import java.util.Map;

/**
 * A REST API whose resources ({@code resourcePaths}, e.g. {@code /items/{id}}) each take any
 * method through a Lambda proxy integration ({@code integrationUri}) and answer CORS preflights
 * with {@code cors}; the DEFAULT_4XX and DEFAULT_5XX gateway responses carry the CORS headers too.
 */
public record RestApiSpec(String name, String description, String endpointType, List<String> resourcePaths,
                          String integrationUri, Cors cors, Map<String, String> tags) {
    public RestApiSpec {
        resourcePaths = List.copyOf(resourcePaths);
        tags = Map.copyOf(tags);
    }

    /** Explicit origins, methods and headers; never a wildcard origin in a protected environment. */
    public record Cors(List<String> allowOrigins, List<String> allowMethods, List<String> allowHeaders,
                       int maxAgeSeconds) {
        public Cors {
            allowOrigins = List.copyOf(allowOrigins);
            allowMethods = List.copyOf(allowMethods);
            allowHeaders = List.copyOf(allowHeaders);
        }
    }
}
