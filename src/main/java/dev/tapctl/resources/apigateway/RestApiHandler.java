package dev.tapctl.resources.apigateway;

import static dev.tapctl.resources.apigateway.ApiGatewaySupport.deleted;
import static dev.tapctl.resources.apigateway.ApiGatewaySupport.emptyIfNull;
import static dev.tapctl.resources.apigateway.ApiGatewaySupport.replace;
import static dev.tapctl.resources.apigateway.ApiGatewaySupport.tag;
import static dev.tapctl.resources.apigateway.ApiGatewaySupport.tagsOf;

import dev.tapctl.engine.spi.AttributeChange;
import dev.tapctl.engine.spi.DeleteResult;
import dev.tapctl.engine.spi.DeletionPolicy;
import dev.tapctl.engine.spi.FindsOutputsFirst;
import dev.tapctl.engine.spi.HandlerContext;
import dev.tapctl.engine.spi.Outputs;
import dev.tapctl.resources.support.Diff;
import dev.tapctl.stack.Kinds;
import dev.tapctl.stack.spec.RestApiSpec;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.apigateway.ApiGatewayClient;
import software.amazon.awssdk.services.apigateway.model.EndpointConfiguration;
import software.amazon.awssdk.services.apigateway.model.GetRestApiResponse;

/**
 * A REST API itself, its shell: found by its env-keyed name and the {@code tapctl:logical-id} tag
 * (API Gateway does not keep names unique, so the tag tells our API from a namesake), with its
 * description, endpoint type and tags. What it serves are resources of their own on its id: its
 * routes ({@link ApiRoutesHandler}) and its gateway responses ({@link GatewayResponsesHandler}).
 */
public final class RestApiHandler extends ApiGatewayHandler<RestApiSpec, RestApiHandler.Live>
        // Its one output, the id, is in the listing that finds it: its routes, gateway
        // responses and stage are read by it without waiting for the API's decision.
        implements FindsOutputsFirst<RestApiSpec> {
    static final String DEFAULT_ENDPOINT_TYPE = "REGIONAL";

    /** {@code rootResourceId} is the id of the API's {@code /} resource, which comes with the API. */
    public record Live(
            String id,
            String name,
            String description,
            String endpointType,
            String rootResourceId,
            Map<String, String> tags)
            implements Named {
        public Live {
            tags = Map.copyOf(tags);
        }
    }

    public RestApiHandler(ApiGatewayClient apigateway) {
        super(apigateway, Kinds.REST_API);
    }

    @Override
    public Optional<Live> read(RestApiSpec desired, HandlerContext ctx) {
        return found(desired, ctx);
    }

    @Override
    public Optional<Outputs> outputsFound(RestApiSpec desired, HandlerContext ctx) {
        return found(desired, ctx).map(api -> Outputs.of(RestApiSpec.REST_API_ID, api.id()));
    }

    /**
     * The API named as {@code desired} and tagged with its logical id, from GetRestApis: made once
     * per plan for the read and the outputs both, afresh outside a plan.
     */
    private Optional<Live> found(RestApiSpec desired, HandlerContext ctx) {
        List<Live> listed = RestApis.listed(apigateway, ctx.reads()).stream()
                .map(api -> live(
                        api.id(),
                        api.name(),
                        api.description(),
                        api.endpointConfiguration(),
                        api.rootResourceId(),
                        api.tags()))
                .toList();
        return Named.ours("REST APIs", listed, desired.name(), ctx.logicalId());
    }

    private Live readById(String id) {
        GetRestApiResponse api = apigateway.getRestApi(r -> r.restApiId(id));
        return live(
                api.id(), api.name(), api.description(), api.endpointConfiguration(), api.rootResourceId(), api.tags());
    }

    private static Live live(
            String id,
            String name,
            String description,
            EndpointConfiguration endpoint,
            String rootResourceId,
            Map<String, String> tags) {
        String endpointType = endpoint == null || endpoint.types().isEmpty()
                ? null
                : endpoint.typesAsStrings().get(0);
        return new Live(id, name, description, endpointType, rootResourceId, tagsOf(tags));
    }

    @Override
    public List<AttributeChange> diff(RestApiSpec desired, Live live) {
        return Diff.of(desired, live)
                .field("description", RestApiSpec::description, Live::description, ApiGatewaySupport::sameDescription)
                // API Gateway converts between endpoint types in place (UpdateRestApi): no replacement.
                .field("endpointType", RestApiHandler::endpointType, Live::endpointType)
                .tags()
                .changes();
    }

    private static String endpointType(RestApiSpec spec) {
        return spec.endpointType() == null ? DEFAULT_ENDPOINT_TYPE : spec.endpointType();
    }

    @Override
    protected Live createKnown(RestApiSpec desired, HandlerContext ctx) {
        // CreateRestApi has no client token; the tags written with it let the next run find (adopt)
        // the API a crash left behind, and its routes and gateway responses are reconciled apart.
        String id = apigateway
                .createRestApi(r -> r.name(desired.name())
                        .description(desired.description())
                        .endpointConfiguration(e -> e.typesWithStrings(endpointType(desired)))
                        .tags(ctx.tagsToWrite(desired.tags())))
                .id();
        return readById(id);
    }

    @Override
    protected Live updateKnown(RestApiSpec desired, Live live, List<AttributeChange> changes, HandlerContext ctx) {
        Patch patch = Patch.of(changes).replace("description", "/description", emptyIfNull(desired.description()));
        if (patch.changed("endpointType") && live.endpointType() != null) {
            // AWS names the type being replaced in the path: /endpointConfiguration/types/EDGE -> REGIONAL.
            patch.add(replace("/endpointConfiguration/types/" + live.endpointType(), endpointType(desired)));
        }
        patch.send(operations ->
                apigateway.updateRestApi(r -> r.restApiId(live.id()).patchOperations(operations)));
        tag(apigateway, ApiGatewaySupport.restApiArn(apigateway, live.id()), ctx.tagsToWrite(desired.tags()));
        return readById(live.id());
    }

    @Override
    public DeleteResult delete(Live live, DeletionPolicy policy, HandlerContext ctx) {
        // Deleting the API deletes its resources, methods, deployments and stages with it; NotFound: gone already.
        return deleted(() -> apigateway.deleteRestApi(r -> r.restApiId(live.id())));
    }

    @Override
    public Outputs outputs(Live live) {
        return Outputs.of(RestApiSpec.REST_API_ID, live.id());
    }
}
