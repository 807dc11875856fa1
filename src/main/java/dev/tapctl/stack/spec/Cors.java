package dev.tapctl.stack.spec;

import java.util.List;

/**
 * What a REST API answers a browser's CORS checks with: explicit origins, methods and headers, and
 * how long a preflight may be cached; never a wildcard origin in a protected environment. Shared by
 * the API's routes (the OPTIONS preflight) and its gateway responses (the headers on API Gateway's
 * own errors).
 */
public record Cors(List<String> allowOrigins, List<String> allowMethods, List<String> allowHeaders, int maxAgeSeconds) {
    public Cors {
        allowOrigins = List.copyOf(allowOrigins);
        allowMethods = List.copyOf(allowMethods);
        allowHeaders = List.copyOf(allowHeaders);
    }
}
