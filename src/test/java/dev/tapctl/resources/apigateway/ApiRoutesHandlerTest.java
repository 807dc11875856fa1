package dev.tapctl.resources.apigateway;

import static dev.tapctl.resources.apigateway.ApiGatewayTestSupport.API_ID;
import static dev.tapctl.resources.apigateway.ApiGatewayTestSupport.FUNCTION_URI;
import static dev.tapctl.resources.apigateway.ApiGatewayTestSupport.ORIGIN;
import static dev.tapctl.resources.apigateway.ApiGatewayTestSupport.OTHER_ORIGIN;
import static dev.tapctl.resources.apigateway.ApiGatewayTestSupport.RESPONSES_ID;
import static dev.tapctl.resources.apigateway.ApiGatewayTestSupport.ROUTES_ID;
import static dev.tapctl.resources.apigateway.ApiGatewayTestSupport.cors;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import dev.tapctl.aws.AwsClients;
import dev.tapctl.engine.PlanReads;
import dev.tapctl.engine.spi.AttributeChange;
import dev.tapctl.engine.spi.DeleteResult;
import dev.tapctl.engine.spi.DeletionPolicy;
import dev.tapctl.engine.spi.SpecHashes;
import dev.tapctl.engine.spi.Tags;
import dev.tapctl.engine.spi.Unknown;
import dev.tapctl.stack.spec.ApiRoutesSpec;
import dev.tapctl.stack.spec.Cors;
import dev.tapctl.stack.spec.GatewayResponsesSpec;
import dev.tapctl.testing.CallLog;
import dev.tapctl.testing.Emulator;
import dev.tapctl.testing.EmulatorExtension;
import dev.tapctl.testing.HandlerFixture;
import dev.tapctl.testing.TestContext;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.apigateway.ApiGatewayClient;

/** The routes of a REST API, reconciled as one set on an API made by {@link RestApiHandler}. */
@ExtendWith(EmulatorExtension.class)
class ApiRoutesHandlerTest {
    private static final String H = "method.response.header.";

    private final CallLog calls = new CallLog();
    private final TestContext ctx = new TestContext(ROUTES_ID, "hash-1");
    private AwsClients clients;
    private ApiGatewayClient apigateway;
    private ApiRoutesHandler handler;
    private RestApiHandler.Live api;
    private ApiRoutesSpec spec;

    @BeforeEach
    void setUp(Emulator emulator) {
        clients = HandlerFixture.clients(emulator, calls);
        apigateway = clients.apigateway();
        handler = new ApiRoutesHandler(apigateway);
        api = new RestApiHandler(apigateway).create(ApiGatewayTestSupport.restApi(), new TestContext(API_ID, "h"));
        spec = routes(List.of("/items", "/items/{id}"), FUNCTION_URI, cors(ORIGIN));
        calls.clear();
    }

    @AfterEach
    void tearDown() {
        clients.close();
    }

    private ApiRoutesSpec routes(List<String> paths, String integrationUri, Cors cors) {
        return ApiGatewayTestSupport.apiRoutes(api.id(), paths, integrationUri, cors);
    }

    @Test
    void lifecycleRepairsDriftAndDeletes() {
        assertThat(handler.read(spec, ctx)).as("an API without routes").isEmpty();
        ApiRoutesHandler.Live created = handler.create(spec, ctx);
        assertThat(operationCounts(calls.mutating()))
                .containsExactlyInAnyOrderEntriesOf(Map.of(
                        "CreateResource",
                        2L,
                        "PutMethod",
                        4L,
                        "PutIntegration",
                        4L,
                        "PutMethodResponse",
                        2L,
                        "PutIntegrationResponse",
                        2L,
                        "TagResource",
                        1L));

        calls.clear();
        ApiRoutesHandler.Live live = handler.read(spec, ctx).orElseThrow();
        assertThat(live).isEqualTo(created);
        assertThat(live.resources()).containsOnlyKeys("/", "/items", "/items/{id}");
        assertThat(live.resources().get("/").methods())
                .as("the root is not configured")
                .isEmpty();
        assertThat(live.resources().get("/items").methods()).containsOnlyKeys("ANY", "OPTIONS");

        ApiMethod proxy = live.resources().get("/items/{id}").methods().get("ANY");
        assertThat(proxy.authorizationType()).isEqualTo("NONE");
        assertThat(proxy.integrationType()).isEqualTo("AWS_PROXY");
        assertThat(proxy.integrationHttpMethod()).isEqualTo("POST");
        assertThat(proxy.integrationUri()).isEqualTo(FUNCTION_URI);

        ApiMethod preflight = live.resources().get("/items/{id}").methods().get("OPTIONS");
        assertThat(preflight.authorizationType()).isEqualTo("NONE");
        assertThat(preflight.integrationType()).isEqualTo("MOCK");
        assertThat(preflight.requestTemplates()).containsExactly(entry("application/json", "{\"statusCode\": 200}"));
        assertThat(preflight.methodResponseParameters())
                .containsOnly(
                        entry(H + "Access-Control-Allow-Origin", false),
                        entry(H + "Access-Control-Allow-Methods", false),
                        entry(H + "Access-Control-Allow-Headers", false),
                        entry(H + "Access-Control-Max-Age", false),
                        entry(H + "Vary", false));
        assertThat(preflight.integrationResponseParameters())
                .containsOnly(
                        entry(H + "Access-Control-Allow-Origin", "'" + ORIGIN + "'"),
                        entry(H + "Access-Control-Allow-Methods", "'GET,POST,OPTIONS'"),
                        entry(H + "Access-Control-Allow-Headers", "'Content-Type,Authorization'"),
                        entry(H + "Access-Control-Max-Age", "'600'"),
                        entry(H + "Vary", "'Origin'"));
        assertThat(preflight.integrationResponseTemplates())
                .as("one origin: a static header, no template")
                .isEmpty();
        assertThat(live.tags()).containsExactly(entry(Tags.SPEC_HASH, "hash-1"));
        assertThat(SpecHashes.applied(handler, live)).contains("hash-1");
        assertThat(handler.diff(spec, live)).isEmpty();
        assertThat(calls.mutating()).as("read and diff of unchanged routes").isEmpty();
        assertThat(calls.calls())
                .extracting(CallLog.Call::operation)
                .as("one call for the routes: methods come embedded in GetResources")
                .containsExactly("GetRestApi", "GetResources");
        assertThat(handler.outputs(live).values()).isEmpty();
        assertThat(apigateway.getRestApi(r -> r.restApiId(api.id())).tags())
                .as("the hash is kept on the API: API Gateway cannot tag resources or methods")
                .containsEntry("tapctl:spec-hash:api.routes", "hash-1");

        // Outside tapctl: a preflight header is narrowed, a method is deleted, a resource is added.
        String apiId = api.id();
        String items = live.resources().get("/items").id();
        Map<String, String> narrowed = new TreeMap<>(
                live.resources().get("/items").methods().get("OPTIONS").integrationResponseParameters());
        narrowed.put(H + "Access-Control-Allow-Methods", "'GET'");
        apigateway.putIntegrationResponse(r -> r.restApiId(apiId)
                .resourceId(items)
                .httpMethod("OPTIONS")
                .statusCode("200")
                .responseParameters(narrowed));
        apigateway.deleteMethod(r -> r.restApiId(apiId)
                .resourceId(live.resources().get("/items/{id}").id())
                .httpMethod("ANY"));
        String extra = apigateway
                .createResource(
                        r -> r.restApiId(apiId).parentId(api.rootResourceId()).pathPart("extra"))
                .id();
        apigateway.putMethod(
                r -> r.restApiId(apiId).resourceId(extra).httpMethod("GET").authorizationType("NONE"));

        ApiRoutesHandler.Live drifted = handler.read(spec, ctx).orElseThrow();
        List<AttributeChange> changes = handler.diff(spec, drifted);
        assertThat(changes)
                .containsExactlyInAnyOrder(
                        AttributeChange.of(
                                "resources./items.OPTIONS.integrationResponse.200.Access-Control-Allow-Methods",
                                "'GET'",
                                "'GET,POST,OPTIONS'"),
                        AttributeChange.of("resources./items/{id}.ANY", null, "AWS_PROXY POST " + FUNCTION_URI),
                        AttributeChange.of("resources./extra", List.of("GET"), null));

        calls.clear();
        ApiRoutesHandler.Live updated = handler.update(spec, drifted, changes, new TestContext(ROUTES_ID, "hash-2"));
        assertThat(calls.mutating())
                .extracting(CallLog.Call::operation)
                .as("only what differs is written")
                .containsExactlyInAnyOrder(
                        "DeleteResource", "PutMethod", "PutIntegration", "PutIntegrationResponse", "TagResource");
        ApiRoutesHandler.Live repaired = handler.read(spec, ctx).orElseThrow();
        assertThat(handler.diff(spec, repaired)).isEmpty();
        assertThat(repaired.tags()).containsEntry(Tags.SPEC_HASH, "hash-2");
        assertThat(apigateway.getRestApi(r -> r.restApiId(apiId)).tags())
                .as("the API's own tags stay as they are")
                .containsEntry("CostCenter", "platform")
                .containsEntry(Tags.SPEC_HASH, "h");
        assertThat(updated).isEqualTo(repaired);

        calls.clear();
        assertThat(handler.delete(repaired, DeletionPolicy.DELETE, ctx)).isEqualTo(DeleteResult.deleted());
        assertThat(calls.mutating())
                .extracting(CallLog.Call::operation)
                .as("/items goes with /items/{id} under it")
                .containsExactly("DeleteResource", "UntagResource");
        assertThat(handler.read(spec, ctx)).isEmpty();
        assertThat(apigateway.getRestApi(r -> r.restApiId(apiId)).tags())
                .doesNotContainKey("tapctl:spec-hash:api.routes")
                .containsEntry(Tags.LOGICAL_ID, API_ID);
    }

    @Test
    void aPlanReadsTheApiAndItsPartsWithOneCallPerCollection() {
        handler.create(spec, ctx);
        GatewayResponsesSpec responses = new GatewayResponsesSpec(api.id(), cors(ORIGIN));
        GatewayResponsesHandler responsesHandler = new GatewayResponsesHandler(apigateway);
        TestContext responsesCtx = new TestContext(RESPONSES_ID, "hash-1");
        responsesHandler.create(responses, responsesCtx);

        calls.clear();
        PlanReads plan = new PlanReads();
        RestApiHandler shell = new RestApiHandler(apigateway);
        assertThat(shell.read(ApiGatewayTestSupport.restApi(), new TestContext(API_ID, "h").sharing(plan)))
                .isPresent();
        ApiRoutesHandler.Live live = handler.read(spec, ctx.sharing(plan)).orElseThrow();
        assertThat(responsesHandler.read(responses, responsesCtx.sharing(plan))).isPresent();
        assertThat(calls.calls())
                .extracting(CallLog.Call::operation)
                .as("one call per collection: the parts take their API's tags from the plan's listing")
                .containsExactly("GetRestApis", "GetResources", "GetGatewayResponses");
        assertThat(SpecHashes.applied(handler, live)).contains("hash-1");
    }

    @Test
    void aCreateAdoptsTheRoutesAnInterruptedRunLeft() {
        // A run stopped after its first CreateResource.
        apigateway.createResource(
                r -> r.restApiId(api.id()).parentId(api.rootResourceId()).pathPart("items"));
        ApiRoutesHandler.Live partial = handler.read(spec, ctx).orElseThrow();
        assertThat(partial.tags()).as("no hash recorded yet").isEmpty();

        calls.clear();
        ApiRoutesHandler.Live live = handler.create(spec, ctx);
        assertThat(calls.mutating())
                .filteredOn(c -> c.operation().equals("CreateResource"))
                .as("/items is there already: only /items/{id} is made")
                .hasSize(1);
        assertThat(live.resources()).containsOnlyKeys("/", "/items", "/items/{id}");
        assertThat(handler.diff(spec, live)).isEmpty();
    }

    @Test
    void severalOriginsAreEchoedOnlyWhenListed() {
        ApiRoutesSpec two = routes(List.of("/items"), FUNCTION_URI, cors(ORIGIN, OTHER_ORIGIN));
        handler.create(two, ctx);
        ApiRoutesHandler.Live live = handler.read(two, ctx).orElseThrow();
        assertThat(handler.diff(two, live)).isEmpty();

        ApiMethod preflight = live.resources().get("/items").methods().get("OPTIONS");
        assertThat(preflight.integrationResponseParameters())
                .as("no static Allow-Origin: the template sets it")
                .doesNotContainKey(H + "Access-Control-Allow-Origin")
                .containsEntry(H + "Vary", "'Origin'")
                .doesNotContainValue("'*'");
        assertThat(preflight.methodResponseParameters()).containsKey(H + "Access-Control-Allow-Origin");
        String template = preflight.integrationResponseTemplates().get("application/json");
        assertThat(template)
                .contains("$!input.params().header.get('Origin')")
                .contains("$!input.params().header.get('origin')")
                .contains("$origin == \"" + ORIGIN + "\" || $origin == \"" + OTHER_ORIGIN + "\"")
                .contains("#set($context.responseOverride.header.Access-Control-Allow-Origin = $origin)")
                .doesNotContain("*");

        // Back to one origin: a static header again, and no template.
        ApiRoutesSpec one = routes(List.of("/items"), FUNCTION_URI, cors(ORIGIN));
        List<AttributeChange> changes = handler.diff(one, live);
        assertThat(changes)
                .containsExactlyInAnyOrder(
                        AttributeChange.of(
                                "resources./items.OPTIONS.integrationResponse.200.Access-Control-Allow-Origin",
                                null,
                                "'" + ORIGIN + "'"),
                        AttributeChange.of(
                                "resources./items.OPTIONS.integrationResponse.200.responseTemplates.application/json",
                                template,
                                null));
        calls.clear();
        handler.update(one, live, changes, ctx);
        assertThat(calls.mutating())
                .extracting(CallLog.Call::operation)
                .containsExactlyInAnyOrder("PutIntegrationResponse", "TagResource");
        assertThat(handler.diff(one, handler.read(one, ctx).orElseThrow())).isEmpty();
    }

    @Test
    void aWildcardOriginIsSentOnlyWhenConfigured() {
        ApiRoutesSpec open = routes(List.of("/items"), FUNCTION_URI, cors("*"));
        ApiRoutesHandler.Live live = handler.create(open, ctx);
        assertThat(live.resources().get("/items").methods().get("OPTIONS").integrationResponseParameters())
                .containsEntry(H + "Access-Control-Allow-Origin", "'*'");
        assertThat(handler.diff(open, live)).isEmpty();
    }

    @Test
    void anotherIntegrationUriRewritesOnlyTheIntegrations() {
        ApiRoutesHandler.Live live = handler.create(spec, ctx);
        String v2 = ApiGatewayTestSupport.integrationUri("tap-test-api-v2");
        ApiRoutesSpec moved = routes(List.of("/items", "/items/{id}"), v2, cors(ORIGIN));

        List<AttributeChange> changes = handler.diff(moved, live);
        assertThat(changes)
                .containsExactlyInAnyOrder(
                        AttributeChange.of("resources./items.ANY.integrationUri", FUNCTION_URI, v2),
                        AttributeChange.of("resources./items/{id}.ANY.integrationUri", FUNCTION_URI, v2));
        calls.clear();
        handler.update(moved, live, changes, ctx);
        assertThat(calls.mutating())
                .extracting(CallLog.Call::operation)
                .containsExactlyInAnyOrder("PutIntegration", "PutIntegration", "TagResource");
        assertThat(handler.diff(moved, handler.read(moved, ctx).orElseThrow())).isEmpty();
    }

    @Test
    void aPathLeftOutOfTheSpecIsDeleted() {
        ApiRoutesHandler.Live live = handler.create(spec, ctx);
        ApiRoutesSpec fewer = routes(List.of("/items"), FUNCTION_URI, cors(ORIGIN));

        List<AttributeChange> changes = handler.diff(fewer, live);
        assertThat(changes)
                .containsExactly(AttributeChange.of("resources./items/{id}", List.of("ANY", "OPTIONS"), null));
        calls.clear();
        handler.update(fewer, live, changes, ctx);
        assertThat(calls.mutating())
                .extracting(CallLog.Call::operation)
                .containsExactly("DeleteResource", "TagResource");
        ApiRoutesHandler.Live after = handler.read(fewer, ctx).orElseThrow();
        assertThat(after.resources()).containsOnlyKeys("/", "/items");
        assertThat(handler.diff(fewer, after)).isEmpty();
    }

    @Test
    void parentsOfANestedPathAreCreatedWithoutMethods() {
        ApiRoutesSpec nested = routes(List.of("/v1/items/{id}"), FUNCTION_URI, cors(ORIGIN));
        ApiRoutesHandler.Live live = handler.create(nested, ctx);
        assertThat(live.resources()).containsOnlyKeys("/", "/v1", "/v1/items", "/v1/items/{id}");
        assertThat(live.resources().get("/v1").methods()).isEmpty();
        assertThat(live.resources().get("/v1/items").methods()).isEmpty();
        assertThat(live.resources().get("/v1/items/{id}").methods()).containsOnlyKeys("ANY", "OPTIONS");
        assertThat(handler.diff(nested, live)).isEmpty();
    }

    @Test
    void withoutCorsThereIsNoPreflight() {
        ApiRoutesHandler.Live live = handler.create(spec, ctx);
        ApiRoutesSpec closed = routes(List.of("/items", "/items/{id}"), FUNCTION_URI, null);

        List<AttributeChange> changes = handler.diff(closed, live);
        assertThat(changes)
                .extracting(AttributeChange::path)
                .containsExactlyInAnyOrder("resources./items.OPTIONS", "resources./items/{id}.OPTIONS");
        calls.clear();
        handler.update(closed, live, changes, ctx);
        assertThat(calls.mutating())
                .extracting(CallLog.Call::operation)
                .containsExactlyInAnyOrder("DeleteMethod", "DeleteMethod", "TagResource");
        assertThat(handler.diff(closed, handler.read(closed, ctx).orElseThrow()))
                .isEmpty();
    }

    @Test
    void anIntegrationKnownOnlyAfterApplyIsNeverSentToAws() {
        String unknown = Unknown.of("fn.api", "invokeArn");
        ApiRoutesSpec planned = routes(List.of("/items"), unknown, cors(ORIGIN));
        assertThatThrownBy(() -> handler.create(planned, ctx))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("integrationUri not known yet");
        assertThat(calls.mutating()).isEmpty();

        ApiRoutesHandler.Live live = handler.create(routes(List.of("/items"), FUNCTION_URI, cors(ORIGIN)), ctx);
        calls.clear();
        List<AttributeChange> changes = handler.diff(planned, live);
        assertThat(changes)
                .containsExactly(AttributeChange.of("resources./items.ANY.integrationUri", FUNCTION_URI, unknown));
        assertThatThrownBy(() -> handler.update(planned, live, changes, ctx))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("integrationUri not known yet");
        assertThat(calls.mutating()).isEmpty();
    }

    @Test
    void routesOfAnApiNotCreatedYetAreReadAsAbsentWithoutACall() {
        ApiRoutesSpec planned = ApiGatewayTestSupport.apiRoutes(
                Unknown.of(API_ID, "restApiId"), List.of("/items"), FUNCTION_URI, cors(ORIGIN));
        assertThat(handler.read(planned, ctx)).isEmpty();
        assertThat(calls.calls()).isEmpty();
    }

    @Test
    void aMalformedOriginIsRefusedBeforeAnythingIsCreated() {
        ApiRoutesSpec bad =
                routes(List.of("/items"), FUNCTION_URI, cors("https://ok.example.com", "https://x\" || true"));
        assertThatThrownBy(() -> handler.create(bad, ctx))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("is not a scheme://host[:port] origin");
        assertThat(calls.calls()).isEmpty();
    }

    @Test
    void aKeyIsRequiredOnEveryMethodButThePreflightAndATurnedOffRequirementIsRepaired() {
        ApiRoutesSpec spec = new ApiRoutesSpec(
                api.id(),
                this.spec.resourcePaths(),
                this.spec.integrationUri(),
                this.spec.cors(),
                Map.of("ANY", true, "OPTIONS", false));
        ApiRoutesHandler.Live created = handler.create(spec, ctx);
        for (String path : List.of("/items", "/items/{id}")) {
            assertThat(created.resources().get(path).methods().get("ANY").apiKeyRequired())
                    .as(path + " ANY")
                    .isTrue();
            assertThat(created.resources().get(path).methods().get("OPTIONS").apiKeyRequired())
                    .as(path + " OPTIONS")
                    .isFalse();
        }
        calls.clear();
        ApiRoutesHandler.Live live = handler.read(spec, ctx).orElseThrow();
        assertThat(handler.diff(spec, live)).isEmpty();
        assertThat(calls.calls())
                .extracting(CallLog.Call::operation)
                .as("no extra read for the key requirement")
                .containsExactly("GetRestApi", "GetResources");

        // Outside tapctl: /items/{id} ANY no longer needs a key.
        String item = live.resources().get("/items/{id}").id();
        apigateway.updateMethod(r -> r.restApiId(api.id())
                .resourceId(item)
                .httpMethod("ANY")
                .patchOperations(ApiGatewaySupport.replace("/apiKeyRequired", "false")));
        ApiRoutesHandler.Live drifted = handler.read(spec, ctx).orElseThrow();
        List<AttributeChange> changes = handler.diff(spec, drifted);
        assertThat(changes)
                .containsExactly(AttributeChange.of("resources./items/{id}.ANY.apiKeyRequired", false, true));

        calls.clear();
        ApiRoutesHandler.Live repaired = handler.update(spec, drifted, changes, ctx);
        assertThat(calls.mutating())
                .extracting(CallLog.Call::operation)
                .as("repaired in place")
                .containsExactly("UpdateMethod", "TagResource");
        assertThat(repaired.resources().get("/items/{id}").methods().get("ANY").apiKeyRequired())
                .isTrue();
        assertThat(handler.diff(spec, repaired)).isEmpty();
    }

    private static Map<String, Long> operationCounts(List<CallLog.Call> calls) {
        return calls.stream()
                .collect(Collectors.groupingBy(CallLog.Call::operation, TreeMap::new, Collectors.counting()));
    }
}
