package dev.tapctl.resources.apigateway;

import static dev.tapctl.resources.apigateway.ApiGatewaySupport.present;
import static dev.tapctl.resources.apigateway.ApiGatewaySupport.replace;

import dev.tapctl.aws.TagDiff;
import dev.tapctl.engine.spi.AttributeChange;
import dev.tapctl.engine.spi.DeleteResult;
import dev.tapctl.engine.spi.DeletionPolicy;
import dev.tapctl.engine.spi.HandlerContext;
import dev.tapctl.engine.spi.Kind;
import dev.tapctl.engine.spi.Outputs;
import dev.tapctl.engine.spi.Placeholders;
import dev.tapctl.engine.spi.ResourceHandler;
import dev.tapctl.engine.spi.Tagged;
import dev.tapctl.engine.spi.Tags;
import dev.tapctl.stack.Kinds;
import dev.tapctl.stack.spec.RestApiSpec;
import dev.tapctl.stack.spec.RestApiSpec.Cors;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.apigateway.ApiGatewayClient;
import software.amazon.awssdk.services.apigateway.model.CreateRestApiResponse;
import software.amazon.awssdk.services.apigateway.model.EndpointConfiguration;
import software.amazon.awssdk.services.apigateway.model.GatewayResponse;
import software.amazon.awssdk.services.apigateway.model.GetRestApiResponse;
import software.amazon.awssdk.services.apigateway.model.Integration;
import software.amazon.awssdk.services.apigateway.model.IntegrationResponse;
import software.amazon.awssdk.services.apigateway.model.IntegrationType;
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
 */
public final class RestApiHandler implements ResourceHandler<RestApiSpec, RestApiHandler.Live> {
    static final String ANY = "ANY";
    static final String OPTIONS = "OPTIONS";
    static final String ROOT = "/";
    static final String OK = "200";
    static final String JSON = "application/json";
    /** What a MOCK integration answers: the request template picks the status code. */
    static final String MOCK_REQUEST_TEMPLATE = "{\"statusCode\": 200}";
    static final List<String> GATEWAY_RESPONSE_TYPES = List.of("DEFAULT_4XX", "DEFAULT_5XX");
    static final String DEFAULT_ENDPOINT_TYPE = "REGIONAL";

    static final String METHOD_HEADER = "method.response.header.";
    static final String GATEWAY_HEADER = "gatewayresponse.header.";
    static final String ALLOW_ORIGIN = "Access-Control-Allow-Origin";
    static final String ALLOW_METHODS = "Access-Control-Allow-Methods";
    static final String ALLOW_HEADERS = "Access-Control-Allow-Headers";
    static final String MAX_AGE = "Access-Control-Max-Age";
    static final String VARY = "Vary";
    static final String WILDCARD = "*";

    /** Origins go into VTL string literals and quoted static values: nothing that could break out of them. */
    private static final Pattern SAFE_ORIGIN = Pattern.compile("\\*|https?://[A-Za-z0-9.\\-]+(:[0-9]+)?");
    private static final Pattern SAFE_TOKEN = Pattern.compile("[A-Za-z0-9!#$%&*+.^_`|~\\-]+");

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
    public record Method(String authorizationType, String integrationType, String integrationHttpMethod,
                         String integrationUri, Map<String, String> requestTemplates,
                         Map<String, Boolean> methodResponseParameters,
                         Map<String, String> integrationResponseParameters,
                         Map<String, String> integrationResponseTemplates,
                         Boolean apiKeyRequired) {

        /** A one-line summary for a method that is added or removed as a whole. */
        String summary() {
            return String.join(" ", List.of(Objects.toString(integrationType, "no integration"),
                    Objects.toString(integrationHttpMethod, ""), Objects.toString(integrationUri, ""))).trim()
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
    public record Live(String id, String name, String description, String endpointType, String rootResourceId,
                       Map<String, ApiResource> resources, Map<String, Map<String, String>> gatewayResponses,
                       Map<String, String> tags) implements Tagged {
        public Live {
            resources = Map.copyOf(resources);
            gatewayResponses = Map.copyOf(gatewayResponses);
            tags = Map.copyOf(tags);
        }
    }

    private final ApiGatewayClient apigateway;

    public RestApiHandler(ApiGatewayClient apigateway) {
        this.apigateway = apigateway;
    }

    @Override
    public Kind<RestApiSpec> kind() {
        return Kinds.REST_API;
    }

    // ---- read ---------------------------------------------------------------------------------

    @Override
    public Optional<Live> read(RestApiSpec desired, HandlerContext ctx) {
        List<RestApi> ours = apigateway.getRestApisPaginator(r -> r.limit(500)).items().stream()
                .filter(api -> desired.name().equals(api.name()))
                .filter(api -> ctx.logicalId().equals(api.tags().get(Tags.LOGICAL_ID)))
                .toList();
        if (ours.size() > 1) {
            throw new IllegalStateException("REST APIs " + ours.stream().map(RestApi::id).sorted().toList()
                    + " are all named " + desired.name() + " and tagged " + Tags.LOGICAL_ID + "=" + ctx.logicalId()
                    + "; tapctl cannot tell which one is the stack's: delete the extra ones");
        }
        return ours.stream().findFirst().map(api -> live(api.id(), api.name(), api.description(),
                api.endpointConfiguration(), api.rootResourceId(), api.tags()));
    }

    private Live readById(String id) {
        GetRestApiResponse api = apigateway.getRestApi(r -> r.restApiId(id));
        return live(api.id(), api.name(), api.description(), api.endpointConfiguration(), api.rootResourceId(),
                api.tags());
    }

    private Live live(String id, String name, String description, EndpointConfiguration endpoint, String rootResourceId,
                      Map<String, String> tags) {
        // embed=methods returns every method with its integration and responses in the same pages,
        // instead of a GetMethod call per method.
        Map<String, ApiResource> resources = new TreeMap<>();
        for (Resource resource : apigateway.getResourcesPaginator(r -> r.restApiId(id).embed("methods").limit(500)).items()) {
            Map<String, Method> methods = new TreeMap<>();
            resource.resourceMethods().forEach((httpMethod, method) -> methods.put(httpMethod, method(method)));
            resources.put(resource.path(), new ApiResource(resource.id(), resource.path(), methods));
        }
        // The gateway responses collection is not paginated (AWS: "does not support pagination").
        Map<String, Map<String, String>> gatewayResponses = new TreeMap<>();
        for (GatewayResponse response : apigateway.getGatewayResponses(r -> r.restApiId(id).limit(500)).items()) {
            gatewayResponses.put(response.responseTypeAsString(), present(response.responseParameters()));
        }
        String endpointType = endpoint == null || endpoint.types().isEmpty() ? null : endpoint.typesAsStrings().get(0);
        return new Live(id, name, description, endpointType, rootResourceId, resources, gatewayResponses,
                tags == null ? Map.of() : tags);
    }

    private static Method method(software.amazon.awssdk.services.apigateway.model.Method method) {
        Integration integration = method.methodIntegration();
        IntegrationResponse integrationResponse = integration == null ? null : integration.integrationResponses().get(OK);
        MethodResponse methodResponse = method.methodResponses().get(OK);
        return new Method(method.authorizationType(),
                integration == null ? null : integration.typeAsString(),
                integration == null ? null : integration.httpMethod(),
                integration == null ? null : integration.uri(),
                integration == null ? Map.of() : present(integration.requestTemplates()),
                methodResponse == null ? null : present(methodResponse.responseParameters()),
                integrationResponse == null ? null : present(integrationResponse.responseParameters()),
                integrationResponse == null ? null : present(integrationResponse.responseTemplates()),
                Boolean.TRUE.equals(method.apiKeyRequired()));
    }

    // ---- the desired definition ---------------------------------------------------------------

    /** Every path the API must have (configured paths, their parents and the root) with its methods. */
    static Map<String, Map<String, Method>> definition(RestApiSpec spec) {
        Map<String, Map<String, Method>> paths = new TreeMap<>();
        paths.put(ROOT, new TreeMap<>());
        Method proxy = new Method("NONE", IntegrationType.AWS_PROXY.toString(), "POST", spec.integrationUri(),
                null, null, null, null, spec.keyRequired(ANY));
        Method preflight = preflight(spec.cors(), spec.keyRequired(OPTIONS));
        for (String configured : spec.resourcePaths()) {
            String path = normalize(configured);
            for (String ancestor : ancestors(path)) {
                paths.computeIfAbsent(ancestor, p -> new TreeMap<>());
            }
            Map<String, Method> methods = paths.computeIfAbsent(path, p -> new TreeMap<>());
            methods.put(ANY, proxy);
            if (preflight != null) {
                methods.put(OPTIONS, preflight);
            }
        }
        return paths;
    }

    /**
     * The OPTIONS mock that answers a CORS preflight: static Allow-Methods, Allow-Headers and
     * Max-Age; Allow-Origin static when one origin is configured, otherwise a mapping template
     * echoes the request's Origin only when it is one of the configured origins (through
     * {@code $context.responseOverride.header}, see "Override your API's request and response
     * parameters and status codes" in the API Gateway developer guide). {@code Vary: Origin}
     * keeps caches from serving one origin's answer to another. No CORS configured, no OPTIONS.
     */
    static Method preflight(Cors cors) {
        return preflight(cors, false);
    }

    /** The preflight; a browser sends it without the API key, so normally {@code keyRequired} is false. */
    static Method preflight(Cors cors, boolean keyRequired) {
        if (cors == null || cors.allowOrigins().isEmpty()) {
            return null;
        }
        Map<String, Boolean> declared = new TreeMap<>();
        Map<String, String> mapped = new TreeMap<>();
        Map<String, String> templates = new TreeMap<>();
        for (String header : List.of(ALLOW_ORIGIN, ALLOW_METHODS, ALLOW_HEADERS, MAX_AGE, VARY)) {
            declared.put(METHOD_HEADER + header, false);
        }
        String staticOrigin = staticOrigin(cors);
        if (staticOrigin != null) {
            mapped.put(METHOD_HEADER + ALLOW_ORIGIN, quoted(staticOrigin));
        } else {
            templates.put(JSON, originEchoTemplate(cors.allowOrigins()));
        }
        corsHeaders(cors).forEach((header, value) -> mapped.put(METHOD_HEADER + header, value));
        mapped.put(METHOD_HEADER + MAX_AGE, quoted(Integer.toString(cors.maxAgeSeconds())));
        mapped.put(METHOD_HEADER + VARY, quoted("Origin"));
        return new Method("NONE", IntegrationType.MOCK.toString(), null, null, Map.of(JSON, MOCK_REQUEST_TEMPLATE),
                declared, mapped, templates, keyRequired);
    }

    /** The origin to send as a static value: the only one configured, or {@code *} when configured. */
    private static String staticOrigin(Cors cors) {
        cors.allowOrigins().forEach(RestApiHandler::requireSafeOrigin);
        if (cors.allowOrigins().contains(WILDCARD)) {
            return WILDCARD;
        }
        return cors.allowOrigins().size() == 1 ? cors.allowOrigins().get(0) : null;
    }

    /** Allow-Methods and Allow-Headers as quoted static values, when configured. */
    private static Map<String, String> corsHeaders(Cors cors) {
        Map<String, String> headers = new TreeMap<>();
        if (!cors.allowMethods().isEmpty()) {
            headers.put(ALLOW_METHODS, quoted(joinTokens(cors.allowMethods())));
        }
        if (!cors.allowHeaders().isEmpty()) {
            headers.put(ALLOW_HEADERS, quoted(joinTokens(cors.allowHeaders())));
        }
        return headers;
    }

    /**
     * Echoes the request's Origin when it is in the list and sends no Allow-Origin otherwise (the
     * browser then refuses). HTTP/2 clients send the header name in lower case, so both spellings
     * are looked up. The override is applied once, at the end, as API Gateway requires.
     */
    static String originEchoTemplate(List<String> origins) {
        String condition = origins.stream().map(o -> "$origin == \"" + o + "\"").collect(Collectors.joining(" || "));
        return String.join("\n",
                "#set($origin = \"$!input.params().header.get('Origin')\")",
                "#if($origin == \"\")#set($origin = \"$!input.params().header.get('origin')\")#end",
                "#if(" + condition + ")",
                "#set($context.responseOverride.header." + ALLOW_ORIGIN + " = $origin)",
                "#end");
    }

    /**
     * DEFAULT_4XX and DEFAULT_5XX carry Allow-Origin (a gateway response cannot choose among
     * origins: the first configured one, or {@code *} when configured), Allow-Headers and
     * Allow-Methods. Without CORS they carry nothing, i.e. API Gateway's defaults.
     */
    static Map<String, Map<String, String>> gatewayResponses(Cors cors) {
        Map<String, String> parameters = new TreeMap<>();
        if (cors != null && !cors.allowOrigins().isEmpty()) {
            String origin = staticOrigin(cors);
            parameters.put(GATEWAY_HEADER + ALLOW_ORIGIN, quoted(origin == null ? cors.allowOrigins().get(0) : origin));
            corsHeaders(cors).forEach((header, value) -> parameters.put(GATEWAY_HEADER + header, value));
        }
        Map<String, Map<String, String>> responses = new TreeMap<>();
        GATEWAY_RESPONSE_TYPES.forEach(type -> responses.put(type, parameters));
        return responses;
    }

    private static void requireSafeOrigin(String origin) {
        if (!SAFE_ORIGIN.matcher(origin).matches()) {
            throw new IllegalArgumentException("CORS origin '" + origin + "' is not a scheme://host[:port] origin or *");
        }
    }

    private static String joinTokens(List<String> tokens) {
        for (String token : tokens) {
            if (!SAFE_TOKEN.matcher(token).matches()) {
                throw new IllegalArgumentException("CORS method or header '" + token + "' is not an HTTP token");
            }
        }
        return String.join(",", tokens);
    }

    /** API Gateway takes a static header value as a single-quoted string. */
    static String quoted(String value) {
        return "'" + value + "'";
    }

    /** {@code items/{id}/} and {@code /items/{id}} are the same resource path. */
    static String normalize(String path) {
        String trimmed = path.trim();
        String[] parts = trimmed.split("/");
        List<String> segments = new ArrayList<>();
        for (String part : parts) {
            if (!part.isEmpty()) {
                segments.add(part);
            }
        }
        if (trimmed.contains("//")) {
            throw new IllegalArgumentException("resource path '" + path + "' has an empty segment");
        }
        return ROOT + String.join("/", segments);
    }

    /** The paths above {@code path}, root first, e.g. {@code /}, {@code /items} for {@code /items/{id}}. */
    static List<String> ancestors(String path) {
        List<String> result = new ArrayList<>();
        String current = path;
        while (!current.equals(ROOT)) {
            current = parent(current);
            result.add(0, current);
        }
        return result;
    }

    static String parent(String path) {
        int slash = path.lastIndexOf('/');
        return slash <= 0 ? ROOT : path.substring(0, slash);
    }

    private static String lastSegment(String path) {
        return path.substring(path.lastIndexOf('/') + 1);
    }

    private static int depth(String path) {
        return path.equals(ROOT) ? 0 : path.split("/").length - 1;
    }

    private static String endpointType(RestApiSpec spec) {
        return spec.endpointType() == null ? DEFAULT_ENDPOINT_TYPE : spec.endpointType();
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
        Map<String, Map<String, Method>> definition = definition(desired);
        definition.forEach((path, methods) -> {
            ApiResource resource = live.resources().get(path);
            String prefix = "resources." + path;
            if (resource == null) {
                changes.add(AttributeChange.of(prefix, null, List.copyOf(methods.keySet())));
                return;
            }
            resource.methods().forEach((name, method) -> {
                if (!methods.containsKey(name)) {
                    changes.add(AttributeChange.of(prefix + "." + name, method.summary(), null));
                }
            });
            methods.forEach((name, want) -> {
                Method have = resource.methods().get(name);
                if (have == null) {
                    changes.add(AttributeChange.of(prefix + "." + name, null, want.summary()));
                } else {
                    diffMethod(prefix + "." + name, want, have, changes);
                }
            });
        });
        live.resources().forEach((path, resource) -> {
            if (!definition.containsKey(path)) {
                changes.add(AttributeChange.of("resources." + path, List.copyOf(new TreeSet<>(resource.methods().keySet())),
                        null));
            }
        });
        gatewayResponses(desired.cors()).forEach((type, want) -> diffMap("gatewayResponses." + type, GATEWAY_HEADER,
                live.gatewayResponses().getOrDefault(type, Map.of()), want, changes));
        changes.addAll(TagDiff.diff(desired.tags(), live.tags()));
        return changes;
    }

    private static void diffMethod(String prefix, Method want, Method have, List<AttributeChange> changes) {
        diffValue(prefix + ".authorizationType", want.authorizationType(), have.authorizationType(), changes);
        diffValue(prefix + ".integrationType", want.integrationType(), have.integrationType(), changes);
        diffValue(prefix + ".integrationHttpMethod", want.integrationHttpMethod(), have.integrationHttpMethod(), changes);
        diffValue(prefix + ".integrationUri", want.integrationUri(), have.integrationUri(), changes);
        if (want.apiKeyRequired() != null && !want.apiKeyRequired().equals(have.apiKeyRequired())) {
            changes.add(AttributeChange.of(prefix + ".apiKeyRequired", have.apiKeyRequired(), want.apiKeyRequired()));
        }
        if (want.requestTemplates() != null) {
            diffMap(prefix + ".requestTemplates", "", have.requestTemplates(), want.requestTemplates(), changes);
        }
        if (want.methodResponseParameters() != null) {
            diffMap(prefix + ".methodResponse." + OK, METHOD_HEADER, have.methodResponseParameters(),
                    want.methodResponseParameters(), changes);
        }
        if (want.integrationResponseParameters() != null) {
            diffMap(prefix + ".integrationResponse." + OK, METHOD_HEADER, have.integrationResponseParameters(),
                    want.integrationResponseParameters(), changes);
        }
        if (want.integrationResponseTemplates() != null) {
            diffMap(prefix + ".integrationResponse." + OK + ".responseTemplates", "", have.integrationResponseTemplates(),
                    want.integrationResponseTemplates(), changes);
        }
    }

    /** Only a value tapctl sets (non-null in the desired method) is compared. */
    private static void diffValue(String path, String want, String have, List<AttributeChange> changes) {
        if (want != null && !want.equals(have)) {
            changes.add(AttributeChange.of(path, have, want));
        }
    }

    /** One change per key, named without its mapping prefix (e.g. {@code ...integrationResponse.200.Vary}). */
    private static <V> void diffMap(String prefix, String keyPrefix, Map<String, V> have, Map<String, V> want,
                                    List<AttributeChange> changes) {
        Map<String, V> live = have == null ? Map.of() : have;
        Set<String> keys = new TreeSet<>(live.keySet());
        keys.addAll(want.keySet());
        for (String key : keys) {
            if (!Objects.equals(live.get(key), want.get(key))) {
                String shown = !keyPrefix.isEmpty() && key.startsWith(keyPrefix) ? key.substring(keyPrefix.length()) : key;
                changes.add(AttributeChange.of(prefix + "." + shown, live.get(key), want.get(key)));
            }
        }
    }

    private static String emptyIfNull(String value) {
        return value == null ? "" : value;
    }

    // ---- create / update ----------------------------------------------------------------------

    @Override
    public Live create(RestApiSpec desired, HandlerContext ctx) {
        requireKnown(desired);
        definition(desired); // refuses a malformed path or origin before anything is created
        // CreateRestApi has no client token; the tags written with it let the next run find (adopt)
        // an API whose definition a crash left unfinished.
        CreateRestApiResponse created = apigateway.createRestApi(r -> r.name(desired.name())
                .description(desired.description())
                .endpointConfiguration(e -> e.typesWithStrings(endpointType(desired)))
                .tags(ctx.tagsToWrite(desired.tags())));
        ctx.status("building the API definition");
        Live empty = new Live(created.id(), created.name(), created.description(), endpointType(desired),
                created.rootResourceId(), Map.of(ROOT, new ApiResource(created.rootResourceId(), ROOT, Map.of())),
                Map.of(), created.tags() == null ? Map.of() : created.tags());
        reconcileDefinition(desired, empty);
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
            reconcileDefinition(desired, live);
        }
        Map<String, String> tags = ctx.tagsToWrite(desired.tags());
        apigateway.tagResource(r -> r.resourceArn(ApiGatewaySupport.restApiArn(apigateway, live.id())).tags(tags));
        return readById(live.id());
    }

    /**
     * Brings the API's resources, methods and gateway responses to the spec: removes what is not
     * configured (topmost resource first: deleting a resource deletes what is under it), creates
     * missing resources parents first, then puts or repairs each method and gateway response.
     * Only what differs is written.
     */
    private void reconcileDefinition(RestApiSpec desired, Live live) {
        String apiId = live.id();
        Map<String, Map<String, Method>> definition = definition(desired);
        Map<String, String> ids = new HashMap<>();
        live.resources().forEach((path, resource) -> ids.put(path, resource.id()));

        for (String path : new TreeSet<>(live.resources().keySet())) {
            if (!definition.containsKey(path) && definition.containsKey(parent(path))) {
                String id = ids.get(path);
                apigateway.deleteResource(r -> r.restApiId(apiId).resourceId(id));
            }
        }
        List<String> missing = definition.keySet().stream().filter(p -> !ids.containsKey(p))
                .sorted(Comparator.comparingInt(RestApiHandler::depth).thenComparing(Comparator.naturalOrder()))
                .toList();
        for (String path : missing) {
            String parentId = ids.get(parent(path));
            String id = apigateway.createResource(r -> r.restApiId(apiId).parentId(parentId).pathPart(lastSegment(path))).id();
            ids.put(path, id);
        }
        definition.forEach((path, methods) -> {
            String resourceId = ids.get(path);
            ApiResource resource = live.resources().get(path);
            Map<String, Method> existing = resource == null ? Map.of() : resource.methods();
            for (String name : new TreeSet<>(existing.keySet())) {
                if (!methods.containsKey(name)) {
                    apigateway.deleteMethod(r -> r.restApiId(apiId).resourceId(resourceId).httpMethod(name));
                }
            }
            methods.forEach((name, want) -> putMethod(apiId, resourceId, name, want, existing.get(name)));
        });
        gatewayResponses(desired.cors()).forEach((type, want) -> {
            Map<String, String> have = live.gatewayResponses().getOrDefault(type, Map.of());
            if (want.equals(have)) {
                return;
            }
            if (want.isEmpty()) {
                // Deleting the customization restores API Gateway's default response.
                apigateway.deleteGatewayResponse(r -> r.restApiId(apiId).responseType(type));
            } else {
                apigateway.putGatewayResponse(r -> r.restApiId(apiId).responseType(type).responseParameters(want));
            }
        });
    }

    /**
     * Puts a missing method whole, or repairs the parts of an existing one that differ. PutMethod
     * refuses an existing method (ConflictException), so another authorization type means the
     * method is deleted and put again; PutIntegration and PutIntegrationResponse replace what is
     * there; a method response is deleted before it is put again.
     */
    private void putMethod(String apiId, String resourceId, String name, Method want, Method have) {
        Method current = have;
        if (current != null && differs(want.authorizationType(), current.authorizationType())) {
            apigateway.deleteMethod(r -> r.restApiId(apiId).resourceId(resourceId).httpMethod(name));
            current = null;
        }
        if (current == null) {
            apigateway.putMethod(r -> r.restApiId(apiId).resourceId(resourceId).httpMethod(name)
                    .authorizationType(want.authorizationType()).apiKeyRequired(want.apiKeyRequired()));
        } else if (want.apiKeyRequired() != null && !want.apiKeyRequired().equals(current.apiKeyRequired())) {
            // UpdateMethod changes the requirement in place ("API_UpdateMethod", path /apiKeyRequired).
            apigateway.updateMethod(r -> r.restApiId(apiId).resourceId(resourceId).httpMethod(name)
                    .patchOperations(replace("/apiKeyRequired", Boolean.toString(want.apiKeyRequired()))));
        }
        boolean integration = current == null
                || differs(want.integrationType(), current.integrationType())
                || differs(want.integrationHttpMethod(), current.integrationHttpMethod())
                || differs(want.integrationUri(), current.integrationUri())
                || (want.requestTemplates() != null && !want.requestTemplates().equals(current.requestTemplates()));
        if (integration) {
            apigateway.putIntegration(r -> r.restApiId(apiId).resourceId(resourceId).httpMethod(name)
                    .type(want.integrationType())
                    .integrationHttpMethod(want.integrationHttpMethod())
                    .uri(want.integrationUri())
                    .requestTemplates(want.requestTemplates()));
        }
        if (want.methodResponseParameters() != null
                && (current == null || !want.methodResponseParameters().equals(current.methodResponseParameters()))) {
            if (current != null && current.methodResponseParameters() != null) {
                apigateway.deleteMethodResponse(r -> r.restApiId(apiId).resourceId(resourceId).httpMethod(name)
                        .statusCode(OK));
            }
            apigateway.putMethodResponse(r -> r.restApiId(apiId).resourceId(resourceId).httpMethod(name).statusCode(OK)
                    .responseParameters(want.methodResponseParameters()));
        }
        boolean ownsIntegrationResponse = want.integrationResponseParameters() != null
                || want.integrationResponseTemplates() != null;
        // A replaced integration loses its integration responses, so they are put again with it.
        if (ownsIntegrationResponse && (integration
                || !Objects.equals(want.integrationResponseParameters(), current.integrationResponseParameters())
                || !Objects.equals(want.integrationResponseTemplates(), current.integrationResponseTemplates()))) {
            Map<String, String> templates = want.integrationResponseTemplates();
            apigateway.putIntegrationResponse(r -> r.restApiId(apiId).resourceId(resourceId).httpMethod(name)
                    .statusCode(OK)
                    .responseParameters(want.integrationResponseParameters())
                    .responseTemplates(templates == null || templates.isEmpty() ? null : templates));
        }
    }

    private static boolean differs(String want, String have) {
        return want != null && !want.equals(have);
    }

    // ---- delete / outputs ---------------------------------------------------------------------

    @Override
    public DeleteResult delete(Live live, DeletionPolicy policy, HandlerContext ctx) {
        if (policy == DeletionPolicy.RETAIN) {
            return DeleteResult.retained(live.name() + " (" + live.id() + ")");
        }
        if (policy == DeletionPolicy.SNAPSHOT) {
            throw new IllegalArgumentException("REST API " + live.name()
                    + ": deletion policy SNAPSHOT is not supported for REST APIs; use RETAIN or DELETE");
        }
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
