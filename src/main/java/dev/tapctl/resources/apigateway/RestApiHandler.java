package dev.tapctl.resources.apigateway;

import static dev.tapctl.resources.apigateway.ApiGatewaySupport.present;
import static dev.tapctl.resources.apigateway.ApiGatewaySupport.replace;
import static dev.tapctl.resources.apigateway.ApiRoutes.OK;
import static dev.tapctl.resources.apigateway.ApiRoutes.ROOT;

import dev.tapctl.aws.TagDiff;
import dev.tapctl.engine.spi.AttributeChange;
import dev.tapctl.engine.spi.DeleteResult;
import dev.tapctl.engine.spi.DeletionPolicy;
import dev.tapctl.engine.spi.FindsOutputsFirst;
import dev.tapctl.engine.spi.HandlerContext;
import dev.tapctl.engine.spi.Kind;
import dev.tapctl.engine.spi.Outputs;
import dev.tapctl.engine.spi.Placeholders;
import dev.tapctl.engine.spi.ReadsAtOnce;
import dev.tapctl.engine.spi.ReadsAtOnce.Pending;
import dev.tapctl.engine.spi.ResourceHandler;
import dev.tapctl.engine.spi.Tagged;
import dev.tapctl.engine.spi.Tags;
import dev.tapctl.stack.Kinds;
import dev.tapctl.stack.spec.RestApiSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.apigateway.ApiGatewayClient;
import software.amazon.awssdk.services.apigateway.model.CreateRestApiResponse;
import software.amazon.awssdk.services.apigateway.model.EndpointConfiguration;
import software.amazon.awssdk.services.apigateway.model.GatewayResponse;
import software.amazon.awssdk.services.apigateway.model.GetRestApiResponse;
import software.amazon.awssdk.services.apigateway.model.Integration;
import software.amazon.awssdk.services.apigateway.model.IntegrationResponse;
import software.amazon.awssdk.services.apigateway.model.MethodResponse;
import software.amazon.awssdk.services.apigateway.model.NotFoundException;
import software.amazon.awssdk.services.apigateway.model.PatchOperation;
import software.amazon.awssdk.services.apigateway.model.Resource;
import software.amazon.awssdk.services.apigateway.model.RestApi;

/**
 * A REST API found by its env-keyed name and the {@code tapctl:logical-id} tag (API Gateway does
 * not keep names unique, so the tag tells our API from a namesake), with its whole definition:
 * every configured path takes ANY through a Lambda proxy integration and answers CORS preflights
 * with an OPTIONS mock; the DEFAULT_4XX and DEFAULT_5XX gateway responses carry the CORS headers
 * so that a browser can read API Gateway's own errors. tapctl owns the API outright: resources and
 * methods that are not in the spec are removed.
 *
 * <p>This class reads the API and handles the API itself (description, endpoint type, tags); the
 * definition is in {@link ApiRoutes} (resources and methods), {@link CorsResponses} (the preflight
 * and CORS headers) and {@link GatewayResponses}, and {@link ApiDefinitionWriter} writes what differs.
 */
public final class RestApiHandler
        implements ResourceHandler<RestApiSpec, RestApiHandler.Live>,
                // Its one output, the id, is in the listing that finds it: a stage is read by it a
                // round before the API's resources and gateway responses are.
                FindsOutputsFirst<RestApiSpec> {
    static final String DEFAULT_ENDPOINT_TYPE = "REGIONAL";

    /**
     * One method as tapctl sees it. In a desired method, a null field is one tapctl does not own
     * (the MOCK integration's HTTP method, the proxy method's responses); in a live method, null
     * response maps mean the 200 response does not exist.
     *
     * @param methodResponseParameters      the 200 method response's header declarations
     * @param integrationResponseParameters the 200 integration response's header mappings
     * @param integrationResponseTemplates  the 200 integration response's mapping templates
     * @param apiKeyRequired                whether a call needs an API key (x-api-key); only then does
     *                                      the usage plan's throttle and quota apply to it
     */
    public record Method(
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

    /** A resource of the API: its id, full path and methods by HTTP method. */
    public record ApiResource(String id, String path, Map<String, Method> methods) {
        public ApiResource {
            methods = Map.copyOf(methods);
        }
    }

    /**
     * {@code resources} by path (the root is {@code /}); {@code gatewayResponses} holds the
     * response parameters of each customized gateway response type.
     */
    public record Live(
            String id,
            String name,
            String description,
            String endpointType,
            String rootResourceId,
            Map<String, ApiResource> resources,
            Map<String, Map<String, String>> gatewayResponses,
            Map<String, String> tags)
            implements Tagged {
        public Live {
            resources = Map.copyOf(resources);
            gatewayResponses = Map.copyOf(gatewayResponses);
            tags = Map.copyOf(tags);
        }
    }

    private final ApiGatewayClient apigateway;
    private final ApiDefinitionWriter definitionWriter;

    public RestApiHandler(ApiGatewayClient apigateway) {
        this.apigateway = apigateway;
        this.definitionWriter = new ApiDefinitionWriter(apigateway);
    }

    @Override
    public Kind<RestApiSpec> kind() {
        return Kinds.REST_API;
    }

    // ---- read ---------------------------------------------------------------------------------

    @Override
    public Optional<Live> read(RestApiSpec desired, HandlerContext ctx) {
        return found(desired, ctx)
                .map(api -> live(
                        ctx.atOnce(),
                        api.id(),
                        api.name(),
                        api.description(),
                        api.endpointConfiguration(),
                        api.rootResourceId(),
                        api.tags()));
    }

    @Override
    public Optional<Outputs> outputsFound(RestApiSpec desired, HandlerContext ctx) {
        return found(desired, ctx).map(api -> Outputs.of(RestApiSpec.REST_API_ID, api.id()));
    }

    /**
     * The API named as {@code desired} and tagged with its logical id, from GetRestApis (API
     * Gateway filters it by neither; one page of up to 500): made once per plan for the read and
     * the outputs both, afresh outside a plan.
     */
    private Optional<RestApi> found(RestApiSpec desired, HandlerContext ctx) {
        List<RestApi> listed = ctx.reads()
                .get(
                        "apigateway:GetRestApis",
                        () -> List.copyOf(apigateway.getRestApisPaginator(r -> r.limit(500)).items().stream()
                                .toList()));
        List<RestApi> ours = listed.stream()
                .filter(api -> desired.name().equals(api.name()))
                .filter(api -> ctx.logicalId().equals(api.tags().get(Tags.LOGICAL_ID)))
                .toList();
        if (ours.size() > 1) {
            throw new IllegalStateException("REST APIs "
                    + ours.stream().map(RestApi::id).sorted().toList()
                    + " are all named " + desired.name() + " and tagged " + Tags.LOGICAL_ID + "=" + ctx.logicalId()
                    + "; tapctl cannot tell which one is the stack's: delete the extra ones");
        }
        return ours.stream().findFirst();
    }

    private Live readById(String id) {
        GetRestApiResponse api = apigateway.getRestApi(r -> r.restApiId(id));
        return live(
                ReadsAtOnce.NONE,
                api.id(),
                api.name(),
                api.description(),
                api.endpointConfiguration(),
                api.rootResourceId(),
                api.tags());
    }

    /** Its resources and its gateway responses: two calls by the API's id, at once during a plan. */
    private Live live(
            ReadsAtOnce atOnce,
            String id,
            String name,
            String description,
            EndpointConfiguration endpoint,
            String rootResourceId,
            Map<String, String> tags) {
        // embed=methods returns every method with its integration and responses in the same pages,
        // instead of a GetMethod call per method.
        Pending<Map<String, ApiResource>> pendingResources = atOnce.start(() -> {
            Map<String, ApiResource> found = new TreeMap<>();
            for (Resource resource : apigateway
                    .getResourcesPaginator(r -> r.restApiId(id).embed("methods").limit(500))
                    .items()) {
                Map<String, Method> methods = new TreeMap<>();
                resource.resourceMethods().forEach((httpMethod, method) -> methods.put(httpMethod, method(method)));
                found.put(resource.path(), new ApiResource(resource.id(), resource.path(), methods));
            }
            return found;
        });
        // The gateway responses collection is not paginated (AWS: "does not support pagination").
        Pending<Map<String, Map<String, String>>> pendingResponses = atOnce.start(() -> {
            Map<String, Map<String, String>> found = new TreeMap<>();
            for (GatewayResponse response : apigateway
                    .getGatewayResponses(r -> r.restApiId(id).limit(500))
                    .items()) {
                found.put(response.responseTypeAsString(), present(response.responseParameters()));
            }
            return found;
        });
        Map<String, ApiResource> resources = pendingResources.get();
        Map<String, Map<String, String>> gatewayResponses = pendingResponses.get();
        String endpointType = endpoint == null || endpoint.types().isEmpty()
                ? null
                : endpoint.typesAsStrings().get(0);
        return new Live(
                id,
                name,
                description,
                endpointType,
                rootResourceId,
                resources,
                gatewayResponses,
                tags == null ? Map.of() : tags);
    }

    private static Method method(software.amazon.awssdk.services.apigateway.model.Method method) {
        Integration integration = method.methodIntegration();
        IntegrationResponse integrationResponse =
                integration == null ? null : integration.integrationResponses().get(OK);
        MethodResponse methodResponse = method.methodResponses().get(OK);
        return new Method(
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

    // ---- diff ---------------------------------------------------------------------------------

    @Override
    public List<AttributeChange> diff(RestApiSpec desired, Live live) {
        List<AttributeChange> changes = new ArrayList<>();
        if (!Objects.equals(emptyIfNull(live.description()), emptyIfNull(desired.description()))) {
            changes.add(AttributeChange.of("description", live.description(), desired.description()));
        }
        // API Gateway converts between endpoint types in place (UpdateRestApi): no replacement.
        if (!Objects.equals(live.endpointType(), endpointType(desired))) {
            changes.add(AttributeChange.of("endpointType", live.endpointType(), endpointType(desired)));
        }
        ApiRoutes.diff(ApiRoutes.desired(desired), live.resources(), changes);
        GatewayResponses.diff(desired.cors(), live.gatewayResponses(), changes);
        changes.addAll(TagDiff.diff(desired.tags(), live.tags()));
        return changes;
    }

    private static String endpointType(RestApiSpec spec) {
        return spec.endpointType() == null ? DEFAULT_ENDPOINT_TYPE : spec.endpointType();
    }

    private static String emptyIfNull(String value) {
        return value == null ? "" : value;
    }

    // ---- create / update ----------------------------------------------------------------------

    @Override
    public Live create(RestApiSpec desired, HandlerContext ctx) {
        requireKnown(desired);
        ApiRoutes.desired(desired); // refuses a malformed path or origin before anything is created
        // CreateRestApi has no client token; the tags written with it let the next run find (adopt)
        // an API whose definition a crash left unfinished.
        CreateRestApiResponse created = apigateway.createRestApi(r -> r.name(desired.name())
                .description(desired.description())
                .endpointConfiguration(e -> e.typesWithStrings(endpointType(desired)))
                .tags(ctx.tagsToWrite(desired.tags())));
        ctx.status("building the API definition");
        Live empty = new Live(
                created.id(),
                created.name(),
                created.description(),
                endpointType(desired),
                created.rootResourceId(),
                Map.of(ROOT, new ApiResource(created.rootResourceId(), ROOT, Map.of())),
                Map.of(),
                created.tags() == null ? Map.of() : created.tags());
        definitionWriter.write(desired, empty);
        return readById(created.id());
    }

    @Override
    public Live update(RestApiSpec desired, Live live, List<AttributeChange> changes, HandlerContext ctx) {
        requireKnown(desired);
        Set<String> paths = changes.stream().map(AttributeChange::path).collect(Collectors.toSet());
        List<PatchOperation> patch = new ArrayList<>();
        if (paths.contains("description")) {
            patch.add(replace("/description", emptyIfNull(desired.description())));
        }
        if (paths.contains("endpointType") && live.endpointType() != null) {
            // AWS names the type being replaced in the path: /endpointConfiguration/types/EDGE -> REGIONAL.
            patch.add(replace("/endpointConfiguration/types/" + live.endpointType(), endpointType(desired)));
        }
        if (!patch.isEmpty()) {
            apigateway.updateRestApi(r -> r.restApiId(live.id()).patchOperations(patch));
        }
        if (paths.stream().anyMatch(p -> p.startsWith("resources.") || p.startsWith("gatewayResponses."))) {
            ctx.status("reconciling the API definition");
            definitionWriter.write(desired, live);
        }
        Map<String, String> tags = ctx.tagsToWrite(desired.tags());
        apigateway.tagResource(r -> r.resourceArn(ApiGatewaySupport.restApiArn(apigateway, live.id()))
                .tags(tags));
        return readById(live.id());
    }

    // ---- delete / outputs ---------------------------------------------------------------------

    @Override
    public DeleteResult delete(Live live, DeletionPolicy policy, HandlerContext ctx) {
        try {
            // Deleting the API deletes its resources, methods, deployments and stages with it.
            apigateway.deleteRestApi(r -> r.restApiId(live.id()));
        } catch (NotFoundException e) {
            // Already gone: the goal of a delete.
        }
        return DeleteResult.deleted();
    }

    @Override
    public Outputs outputs(Live live) {
        return Outputs.of(RestApiSpec.REST_API_ID, live.id());
    }

    private static void requireKnown(RestApiSpec spec) {
        new Placeholders()
                .check("name", spec.name())
                .check("description", spec.description())
                .check("integrationUri", spec.integrationUri())
                .checkTags(spec.tags())
                .requireKnown("REST API " + spec.name());
    }
}
