package dev.tapctl.resources.apigateway;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One method of a REST API's routes as tapctl sees it. In a desired method, a null field is one
 * tapctl does not own (the MOCK integration's HTTP method, the proxy method's responses); in a live
 * method, null response maps mean the 200 response does not exist.
 *
 * @param methodResponseParameters      the 200 method response's header declarations
 * @param integrationResponseParameters the 200 integration response's header mappings
 * @param integrationResponseTemplates  the 200 integration response's mapping templates
 * @param apiKeyRequired                whether a call needs an API key (x-api-key); only then does
 *                                      the usage plan's throttle and quota apply to it
 */
public record ApiMethod(
        String authorizationType,
        String integrationType,
        String integrationHttpMethod,
        String integrationUri,
        Map<String, String> requestTemplates,
        Map<String, Boolean> methodResponseParameters,
        Map<String, String> integrationResponseParameters,
        Map<String, String> integrationResponseTemplates,
        Boolean apiKeyRequired) {

    /** A one-line summary for a method that is added or removed as a whole. */
    String summary() {
        return String.join(
                        " ",
                        List.of(
                                Objects.toString(integrationType, "no integration"),
                                Objects.toString(integrationHttpMethod, ""),
                                Objects.toString(integrationUri, "")))
                .trim()
                .replaceAll(" +", " ");
    }
}
