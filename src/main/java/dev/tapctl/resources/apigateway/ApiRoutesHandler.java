package dev.tapctl.resources.apigateway;

import static dev.tapctl.resources.apigateway.ApiGatewaySupport.present;
import static dev.tapctl.resources.apigateway.ApiRoutes.OK;
import static dev.tapctl.resources.apigateway.ApiRoutes.ROOT;

import dev.tapctl.engine.spi.AttributeChange;
import dev.tapctl.engine.spi.DeleteResult;
import dev.tapctl.engine.spi.DeletionPolicy;
import dev.tapctl.engine.spi.HandlerContext;
import dev.tapctl.engine.spi.ReadsUpstreamOutputs;
import dev.tapctl.engine.spi.Tagged;
import dev.tapctl.engine.spi.Unknown;
import dev.tapctl.resources.support.Missing;
import dev.tapctl.stack.Kinds;
import dev.tapctl.stack.spec.ApiRoutesSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import software.amazon.awssdk.services.apigateway.ApiGatewayClient;
import software.amazon.awssdk.services.apigateway.model.Integration;
import software.amazon.awssdk.services.apigateway.model.IntegrationResponse;
import software.amazon.awssdk.services.apigateway.model.Method;
import software.amazon.awssdk.services.apigateway.model.MethodResponse;
import software.amazon.awssdk.services.apigateway.model.NotFoundException;
import software.amazon.awssdk.services.apigateway.model.Resource;

/**
 * The routes of a REST API, reconciled as one set: its resources, their methods, integrations and
 * 200 method and integration responses. Every configured path takes ANY through a Lambda proxy
 * integration and, with CORS, answers preflights with an OPTIONS mock ({@link ApiRoutes},
 * {@link CorsResponses}); tapctl owns the routes outright, so resources and methods that are not in
 * the spec are removed ({@link RoutePlan}, written by {@link RouteWriter}). One GetResources with
 * {@code embed=methods} reads them all. The spec hash is kept on the API ({@link RestApis}).
 */
public final class ApiRoutesHandler extends ApiGatewayHandler<ApiRoutesSpec, ApiRoutesHandler.Live>
        // Read once upstream outputs are known: the routes are found by their REST API's id.
        implements ReadsUpstreamOutputs<ApiRoutesSpec> {

    /**
     * {@code resources} by path (the root is {@code /}); {@code tags} holds only the spec hash the
     * routes recorded on their API, if any.
     */
    public record Live(String restApiId, Map<String, ApiResource> resources, Map<String, String> tags)
            implements Tagged {
        public Live {
            resources = Map.copyOf(resources);
            tags = Map.copyOf(tags);
        }

        /** Nothing of any route: the root alone, without a method, as a new API has it. */
        boolean bare() {
            return resources.keySet().equals(Set.of(ROOT))
                    && resources.get(ROOT).methods().isEmpty();
        }
    }

    private final RouteWriter writer;

    public ApiRoutesHandler(ApiGatewayClient apigateway) {
        super(apigateway, Kinds.API_ROUTES);
        this.writer = new RouteWriter(apigateway);
    }

    /**
     * Empty while the API is to be created, once it is gone, or while it has no route at all and
     * the spec wants some (the routes are then created, whatever is there being adopted).
     */
    /** Found by the API's id, so read without waiting for the functions its integrations call. */
    @Override
    public Object readsBy(ApiRoutesSpec spec) {
        return List.of(spec.restApiId(), spec.resourcePaths().isEmpty());
    }

    @Override
    public Optional<Live> read(ApiRoutesSpec desired, HandlerContext ctx) {
        if (Unknown.isUnknown(desired.restApiId())) {
            return Optional.empty();
        }
        return read(desired.restApiId(), ctx)
                .filter(live -> !(live.bare() && !desired.resourcePaths().isEmpty()));
    }

    private Optional<Live> read(String apiId, HandlerContext ctx) {
        return RestApis.tags(apigateway, ctx, apiId).flatMap(apiTags -> resources(apiId)
                .map(resources -> new Live(apiId, resources, RestApis.partTags(apiTags, ctx.logicalId()))));
    }

    /** Every resource of the API with its methods, by path; empty when the API is gone. */
    private Optional<Map<String, ApiResource>> resources(String apiId) {
        // embed=methods returns every method with its integration and responses in the same pages,
        // instead of a GetMethod call per method.
        return Missing.orEmpty(
                () -> {
                    Map<String, ApiResource> resources = new TreeMap<>();
                    for (Resource resource : apigateway
                            .getResourcesPaginator(
                                    r -> r.restApiId(apiId).embed("methods").limit(500))
                            .items()) {
                        Map<String, ApiMethod> methods = new TreeMap<>();
                        resource.resourceMethods()
                                .forEach((httpMethod, method) -> methods.put(httpMethod, method(method)));
                        resources.put(resource.path(), new ApiResource(resource.id(), resource.path(), methods));
                    }
                    return resources;
                },
                NotFoundException.class);
    }

    private static ApiMethod method(Method method) {
        Integration integration = method.methodIntegration();
        IntegrationResponse integrationResponse =
                integration == null ? null : integration.integrationResponses().get(OK);
        MethodResponse methodResponse = method.methodResponses().get(OK);
        return new ApiMethod(
                method.authorizationType(),
                integration == null ? null : integration.typeAsString(),
                integration == null ? null : integration.httpMethod(),
                integration == null ? null : integration.uri(),
                integration == null ? Map.of() : present(integration.requestTemplates()),
                methodResponse == null ? null : present(methodResponse.responseParameters()),
                integrationResponse == null ? null : present(integrationResponse.responseParameters()),
                integrationResponse == null ? null : present(integrationResponse.responseTemplates()),
                Boolean.TRUE.equals(method.apiKeyRequired()));
    }

    /** Field by field, e.g. {@code resources./items.ANY.integrationUri} (see {@link ApiRoutes#diff}). */
    @Override
    public List<AttributeChange> diff(ApiRoutesSpec desired, Live live) {
        List<AttributeChange> changes = new ArrayList<>();
        ApiRoutes.diff(ApiRoutes.desired(desired), live.resources(), changes);
        return changes;
    }

    @Override
    protected Live createKnown(ApiRoutesSpec desired, HandlerContext ctx) {
        // Refuses a malformed path or origin before any call.
        Map<String, Map<String, ApiMethod>> routes = ApiRoutes.desired(desired);
        String apiId = desired.restApiId();
        ctx.status("building the routes");
        // No client token for any of these calls: what a crashed run left is read and reconciled.
        Map<String, ApiResource> current =
                resources(apiId).orElseThrow(() -> new IllegalStateException("REST API " + apiId + " not found"));
        writer.write(apiId, routes, current);
        return RestApis.recordHashAndReadBack(apigateway, apiId, ctx, () -> read(apiId, ctx), "routes");
    }

    @Override
    protected Live updateKnown(ApiRoutesSpec desired, Live live, List<AttributeChange> changes, HandlerContext ctx) {
        Map<String, Map<String, ApiMethod>> routes = ApiRoutes.desired(desired);
        if (changes.stream().anyMatch(c -> c.path().startsWith("resources."))) {
            ctx.status("reconciling the routes");
            writer.write(live.restApiId(), routes, live.resources());
        }
        return RestApis.recordHashAndReadBack(
                apigateway, live.restApiId(), ctx, () -> read(live.restApiId(), ctx), "routes");
    }

    /**
     * Removes every route: the resources under the root (deleting a resource deletes what is under
     * it) and the root's methods, then the hash on the API. NotFound: the API, and its routes, are gone.
     */
    @Override
    public DeleteResult delete(Live live, DeletionPolicy policy, HandlerContext ctx) {
        String apiId = live.restApiId();
        resources(apiId)
                .ifPresent(current -> RestApis.removePart(
                        apigateway,
                        apiId,
                        ctx.logicalId(),
                        () -> writer.write(apiId, Map.of(ROOT, Map.of()), current)));
        return DeleteResult.deleted();
    }
}
