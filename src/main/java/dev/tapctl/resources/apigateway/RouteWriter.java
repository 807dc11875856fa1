package dev.tapctl.resources.apigateway;

import static dev.tapctl.resources.apigateway.ApiGatewaySupport.replace;
import static dev.tapctl.resources.apigateway.ApiRoutes.OK;

import java.util.HashMap;
import java.util.Map;
import software.amazon.awssdk.services.apigateway.ApiGatewayClient;

/** Writes a REST API's routes: the calls of a {@link RoutePlan}, in its order. */
final class RouteWriter {
    private final ApiGatewayClient apigateway;

    RouteWriter(ApiGatewayClient apigateway) {
        this.apigateway = apigateway;
    }

    /**
     * Brings the resources and methods of API {@code apiId}, {@code live} by path, to
     * {@code desired} (by path, then HTTP method): only what differs is written.
     */
    void write(String apiId, Map<String, Map<String, ApiMethod>> desired, Map<String, ApiResource> live) {
        RoutePlan plan = RoutePlan.of(desired, live);
        Map<String, String> ids = new HashMap<>();
        live.forEach((path, resource) -> ids.put(path, resource.id()));
        for (String path : plan.removedResources()) {
            String id = ids.get(path);
            apigateway.deleteResource(r -> r.restApiId(apiId).resourceId(id));
        }
        for (String path : plan.newResources()) {
            String parentId = ids.get(ApiRoutes.parent(path));
            String id = apigateway
                    .createResource(r -> r.restApiId(apiId).parentId(parentId).pathPart(ApiRoutes.lastSegment(path)))
                    .id();
            ids.put(path, id);
        }
        for (RoutePlan.MethodStep step : plan.methods()) {
            repair(apiId, ids.get(step.path()), step.httpMethod(), step.want(), step.repair());
        }
    }

    /** Makes the calls of one method's {@link MethodRepair}, in its order. */
    private void repair(String apiId, String resourceId, String name, ApiMethod want, MethodRepair repair) {
        if (repair.deleteMethod()) {
            apigateway.deleteMethod(
                    r -> r.restApiId(apiId).resourceId(resourceId).httpMethod(name));
        }
        if (repair.putMethod()) {
            apigateway.putMethod(r -> r.restApiId(apiId)
                    .resourceId(resourceId)
                    .httpMethod(name)
                    .authorizationType(want.authorizationType())
                    .apiKeyRequired(want.apiKeyRequired()));
        }
        if (repair.updateApiKeyRequired()) {
            apigateway.updateMethod(r -> r.restApiId(apiId)
                    .resourceId(resourceId)
                    .httpMethod(name)
                    .patchOperations(replace("/apiKeyRequired", Boolean.toString(want.apiKeyRequired()))));
        }
        if (repair.putIntegration()) {
            apigateway.putIntegration(r -> r.restApiId(apiId)
                    .resourceId(resourceId)
                    .httpMethod(name)
                    .type(want.integrationType())
                    .integrationHttpMethod(want.integrationHttpMethod())
                    .uri(want.integrationUri())
                    .requestTemplates(want.requestTemplates()));
        }
        if (repair.deleteMethodResponse()) {
            apigateway.deleteMethodResponse(r ->
                    r.restApiId(apiId).resourceId(resourceId).httpMethod(name).statusCode(OK));
        }
        if (repair.putMethodResponse()) {
            apigateway.putMethodResponse(r -> r.restApiId(apiId)
                    .resourceId(resourceId)
                    .httpMethod(name)
                    .statusCode(OK)
                    .responseParameters(want.methodResponseParameters()));
        }
        if (repair.putIntegrationResponse()) {
            Map<String, String> templates = want.integrationResponseTemplates();
            apigateway.putIntegrationResponse(r -> r.restApiId(apiId)
                    .resourceId(resourceId)
                    .httpMethod(name)
                    .statusCode(OK)
                    .responseParameters(want.integrationResponseParameters())
                    .responseTemplates(templates == null || templates.isEmpty() ? null : templates));
        }
    }
}
