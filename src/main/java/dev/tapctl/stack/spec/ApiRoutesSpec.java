package dev.tapctl.stack.spec;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The routes of the REST API {@code restApiId}, reconciled as one set: the resources
 * ({@code resourcePaths}, e.g. {@code /items/{id}}, with their parents), each taking any method
 * through a Lambda proxy integration ({@code integrationUri}) and, with {@code cors}, answering
 * preflights with an OPTIONS mock; with their integrations and method and integration responses.
 * {@code apiKeyRequired} says, by HTTP method of every configured path ({@code ANY}, the proxy;
 * {@code OPTIONS}, the preflight), whether a call needs an API key (header {@code x-api-key}); a
 * method it does not name needs none.
 */
public record ApiRoutesSpec(
        String restApiId,
        List<String> resourcePaths,
        String integrationUri,
        Cors cors,
        Map<String, Boolean> apiKeyRequired) {

    public ApiRoutesSpec {
        resourcePaths = List.copyOf(resourcePaths);
        apiKeyRequired = Map.copyOf(new TreeMap<>(apiKeyRequired));
    }

    /** Routes no method of which requires a key. */
    public ApiRoutesSpec(String restApiId, List<String> resourcePaths, String integrationUri, Cors cors) {
        this(restApiId, resourcePaths, integrationUri, cors, Map.of());
    }

    /** Whether {@code httpMethod} of the configured paths requires an API key. */
    public boolean keyRequired(String httpMethod) {
        return Boolean.TRUE.equals(apiKeyRequired.get(httpMethod));
    }
}
