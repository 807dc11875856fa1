package dev.tapctl.resources.apigateway;

import java.util.Map;

/** A resource of a REST API: its id, full path and methods by HTTP method. */
public record ApiResource(String id, String path, Map<String, ApiMethod> methods) {
    public ApiResource {
        methods = Map.copyOf(methods);
    }
}
