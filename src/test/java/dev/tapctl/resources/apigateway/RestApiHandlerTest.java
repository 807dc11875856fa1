package dev.tapctl.resources.apigateway;

import static dev.tapctl.resources.apigateway.ApiGatewayTestSupport.API_ID;
import static dev.tapctl.resources.apigateway.ApiGatewayTestSupport.API_NAME;
import static dev.tapctl.resources.apigateway.ApiGatewayTestSupport.FUNCTION_URI;
import static dev.tapctl.resources.apigateway.ApiGatewayTestSupport.ORIGIN;
import static dev.tapctl.resources.apigateway.ApiGatewayTestSupport.OTHER_ORIGIN;
import static dev.tapctl.resources.apigateway.ApiGatewayTestSupport.cors;
import static dev.tapctl.resources.apigateway.ApiGatewayTestSupport.restApi;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import dev.tapctl.aws.AwsClients;
import dev.tapctl.engine.spi.AttributeChange;
import dev.tapctl.engine.spi.DeleteResult;
import dev.tapctl.engine.spi.DeletionPolicy;
import dev.tapctl.engine.spi.SpecHashes;
import dev.tapctl.engine.spi.Tags;
import dev.tapctl.engine.spi.Unknown;
import dev.tapctl.resources.apigateway.RestApiHandler.Method;
import dev.tapctl.stack.spec.RestApiSpec;
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

@ExtendWith(EmulatorExtension.class)
class RestApiHandlerTest {
    private static final String H = "method.response.header.";
    private static final String G = "gatewayresponse.header.";

    private final CallLog calls = new CallLog();
    private final TestContext ctx = new TestContext(API_ID, "hash-1");
    private AwsClients clients;
    private ApiGatewayClient apigateway;
    private RestApiHandler handler;
    private RestApiSpec spec;

    @BeforeEach
    void setUp(Emulator emulator) {
        clients = HandlerFixture.clients(emulator, calls);
        apigateway = clients.apigateway();
        handler = new RestApiHandler(apigateway);
        spec = restApi();
    }

    @AfterEach
    void tearDown() {
        clients.close();
    }

    @Test
    void lifecycleRepairsDriftAndDeletes() {
        RestApiHandler.Live created = handler.create(spec, ctx);
        assertThat(calls.mutating().get(0).operation()).isEqualTo("CreateRestApi");
        assertThat(operationCounts(calls.mutating()))
                .containsExactlyInAnyOrderEntriesOf(Map.of(
                        "CreateRestApi",
                        1L,
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
                        "PutGatewayResponse",
                        2L));

        calls.clear();
        RestApiHandler.Live live = handler.read(spec, ctx).orElseThrow();
        assertThat(live).isEqualTo(created);
        assertThat(live.name()).isEqualTo(API_NAME);
        assertThat(live.description()).isEqualTo("tap test API");
        assertThat(live.endpointType()).isEqualTo("REGIONAL");
        assertThat(live.resources()).containsOnlyKeys("/", "/items", "/items/{id}");
        assertThat(live.resources().get("/").methods())
                .as("the root is not configured")
                .isEmpty();
        assertThat(live.resources().get("/items").methods()).containsOnlyKeys("ANY", "OPTIONS");

        Method proxy = live.resources().get("/items/{id}").methods().get("ANY");
        assertThat(proxy.authorizationType()).isEqualTo("NONE");
        assertThat(proxy.integrationType()).isEqualTo("AWS_PROXY");
        assertThat(proxy.integrationHttpMethod()).isEqualTo("POST");
        assertThat(proxy.integrationUri()).isEqualTo(FUNCTION_URI);

        Method preflight = live.resources().get("/items/{id}").methods().get("OPTIONS");
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
        for (String type : List.of("DEFAULT_4XX", "DEFAULT_5XX")) {
            assertThat(live.gatewayResponses().get(type))
                    .containsOnly(
                            entry(G + "Access-Control-Allow-Origin", "'" + ORIGIN + "'"),
                            entry(G + "Access-Control-Allow-Methods", "'GET,POST,OPTIONS'"),
                            entry(G + "Access-Control-Allow-Headers", "'Content-Type,Authorization'"));
        }
        assertThat(live.tags()).containsAllEntriesOf(spec.tags()).containsEntry(Tags.SPEC_HASH, "hash-1");
        assertThat(SpecHashes.applied(handler, live)).contains("hash-1");
        assertThat(handler.diff(spec, live)).isEmpty();
        assertThat(calls.mutating()).as("read and diff of an unchanged API").isEmpty();
        assertThat(calls.calls())
                .extracting(CallLog.Call::operation)
                .as("one call per collection: methods come embedded in GetResources")
                .containsExactly("GetRestApis", "GetResources", "GetGatewayResponses");
        assertThat(handler.outputs(live).values()).containsOnly(entry("restApiId", live.id()));

        // Outside tapctl: a preflight header is narrowed, a method is deleted, a resource is added.
        String apiId = live.id();
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
                        r -> r.restApiId(apiId).parentId(live.rootResourceId()).pathPart("extra"))
                .id();
        apigateway.putMethod(
                r -> r.restApiId(apiId).resourceId(extra).httpMethod("GET").authorizationType("NONE"));

        RestApiHandler.Live drifted = handler.read(spec, ctx).orElseThrow();
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
        RestApiHandler.Live updated = handler.update(spec, drifted, changes, new TestContext(API_ID, "hash-2"));
        assertThat(calls.mutating())
                .extracting(CallLog.Call::operation)
                .as("only what differs is written")
                .containsExactlyInAnyOrder(
                        "DeleteResource", "PutMethod", "PutIntegration", "PutIntegrationResponse", "TagResource");
        RestApiHandler.Live repaired = handler.read(spec, ctx).orElseThrow();
        assertThat(handler.diff(spec, repaired)).isEmpty();
        assertThat(repaired.tags()).containsEntry(Tags.SPEC_HASH, "hash-2").containsEntry("CostCenter", "platform");
        assertThat(updated).isEqualTo(repaired);

        calls.clear();
        assertThat(handler.delete(repaired, DeletionPolicy.DELETE, ctx)).isEqualTo(DeleteResult.deleted());
        assertThat(calls.mutating()).extracting(CallLog.Call::operation).containsExactly("DeleteRestApi");
        assertThat(handler.read(spec, ctx)).isEmpty();
    }

    @Test
    void deletingAnApiThatIsAlreadyGoneIsDone() {
        RestApiHandler.Live live = handler.create(spec, ctx);
        apigateway.deleteRestApi(r -> r.restApiId(live.id()));
        assertThat(handler.delete(live, DeletionPolicy.DELETE, ctx)).isEqualTo(DeleteResult.deleted());
    }

    @Test
    void severalOriginsAreEchoedOnlyWhenListed() {
        RestApiSpec two = restApi(List.of("/items"), FUNCTION_URI, cors(ORIGIN, OTHER_ORIGIN));
        handler.create(two, ctx);
        RestApiHandler.Live live = handler.read(two, ctx).orElseThrow();
        assertThat(handler.diff(two, live)).isEmpty();

        Method preflight = live.resources().get("/items").methods().get("OPTIONS");
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
        assertThat(live.gatewayResponses().get("DEFAULT_4XX"))
                .as("a gateway response cannot choose: the first origin")
                .containsEntry(G + "Access-Control-Allow-Origin", "'" + ORIGIN + "'");

        // Back to one origin: a static header again, and no template.
        RestApiSpec one = restApi(List.of("/items"), FUNCTION_URI, cors(ORIGIN));
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
        RestApiSpec open = restApi(List.of("/items"), FUNCTION_URI, cors("*"));
        RestApiHandler.Live live = handler.create(open, ctx);
        assertThat(live.resources().get("/items").methods().get("OPTIONS").integrationResponseParameters())
                .containsEntry(H + "Access-Control-Allow-Origin", "'*'");
        assertThat(live.gatewayResponses().get("DEFAULT_5XX")).containsEntry(G + "Access-Control-Allow-Origin", "'*'");
        assertThat(handler.diff(open, live)).isEmpty();
    }

    @Test
    void anotherIntegrationUriRewritesOnlyTheIntegrations() {
        RestApiHandler.Live live = handler.create(spec, ctx);
        String v2 = ApiGatewayTestSupport.integrationUri("tap-test-api-v2");
        RestApiSpec moved = restApi(List.of("/items", "/items/{id}"), v2, cors(ORIGIN));

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
        RestApiHandler.Live live = handler.create(spec, ctx);
        RestApiSpec fewer = restApi(List.of("/items"), FUNCTION_URI, cors(ORIGIN));

        List<AttributeChange> changes = handler.diff(fewer, live);
        assertThat(changes)
                .containsExactly(AttributeChange.of("resources./items/{id}", List.of("ANY", "OPTIONS"), null));
        calls.clear();
        handler.update(fewer, live, changes, ctx);
        assertThat(calls.mutating())
                .extracting(CallLog.Call::operation)
                .containsExactly("DeleteResource", "TagResource");
        RestApiHandler.Live after = handler.read(fewer, ctx).orElseThrow();
        assertThat(after.resources()).containsOnlyKeys("/", "/items");
        assertThat(handler.diff(fewer, after)).isEmpty();
    }

    @Test
    void parentsOfANestedPathAreCreatedWithoutMethods() {
        RestApiSpec nested = restApi(List.of("/v1/items/{id}"), FUNCTION_URI, cors(ORIGIN));
        RestApiHandler.Live live = handler.create(nested, ctx);
        assertThat(live.resources()).containsOnlyKeys("/", "/v1", "/v1/items", "/v1/items/{id}");
        assertThat(live.resources().get("/v1").methods()).isEmpty();
        assertThat(live.resources().get("/v1/items").methods()).isEmpty();
        assertThat(live.resources().get("/v1/items/{id}").methods()).containsOnlyKeys("ANY", "OPTIONS");
        assertThat(handler.diff(nested, live)).isEmpty();
    }

    @Test
    void withoutCorsThereIsNoPreflightAndGatewayResponsesAreTheDefaults() {
        RestApiHandler.Live live = handler.create(spec, ctx);
        RestApiSpec closed = restApi(List.of("/items", "/items/{id}"), FUNCTION_URI, null);

        List<AttributeChange> changes = handler.diff(closed, live);
        assertThat(changes)
                .extracting(AttributeChange::path)
                .contains(
                        "resources./items.OPTIONS",
                        "resources./items/{id}.OPTIONS",
                        "gatewayResponses.DEFAULT_4XX.Access-Control-Allow-Origin",
                        "gatewayResponses.DEFAULT_5XX.Access-Control-Allow-Headers");
        calls.clear();
        handler.update(closed, live, changes, ctx);
        assertThat(calls.mutating())
                .extracting(CallLog.Call::operation)
                .containsExactlyInAnyOrder(
                        "DeleteMethod",
                        "DeleteMethod",
                        "DeleteGatewayResponse",
                        "DeleteGatewayResponse",
                        "TagResource");
        assertThat(handler.diff(closed, handler.read(closed, ctx).orElseThrow()))
                .isEmpty();
    }

    @Test
    void descriptionAndEndpointTypeAreUpdatedInPlace() {
        RestApiHandler.Live live = handler.create(spec, ctx);
        RestApiSpec edge = new RestApiSpec(
                API_NAME,
                "tap test API, at the edge",
                "EDGE",
                spec.resourcePaths(),
                FUNCTION_URI,
                spec.cors(),
                spec.tags());

        List<AttributeChange> changes = handler.diff(edge, live);
        assertThat(changes)
                .containsExactlyInAnyOrder(
                        AttributeChange.of("description", "tap test API", "tap test API, at the edge"),
                        AttributeChange.of("endpointType", "REGIONAL", "EDGE"));
        assertThat(changes).noneMatch(AttributeChange::forcesReplace);
        calls.clear();
        handler.update(edge, live, changes, ctx);
        assertThat(calls.mutating())
                .extracting(CallLog.Call::operation)
                .containsExactly("UpdateRestApi", "TagResource");
        RestApiHandler.Live after = handler.read(edge, ctx).orElseThrow();
        assertThat(after.id()).isEqualTo(live.id());
        assertThat(after.endpointType()).isEqualTo("EDGE");
        assertThat(handler.diff(edge, after)).isEmpty();
    }

    @Test
    void onlyAnApiCarryingOurLogicalIdIsOurs() {
        // A namesake without our tag (someone else's, or another tool's) is not ours.
        apigateway.createRestApi(r -> r.name(API_NAME).tags(Map.of("team", "other")));
        assertThat(handler.read(spec, ctx)).isEmpty();

        RestApiHandler.Live ours = handler.create(spec, ctx);
        assertThat(handler.read(spec, ctx)).map(RestApiHandler.Live::id).contains(ours.id());
        assertThat(handler.read(spec, new TestContext("api.other", "hash-1"))).isEmpty();

        String twin = apigateway
                .createRestApi(r -> r.name(API_NAME).tags(Map.of(Tags.LOGICAL_ID, API_ID)))
                .id();
        assertThatThrownBy(() -> handler.read(spec, ctx))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(ours.id())
                .hasMessageContaining(twin)
                .hasMessageContaining("cannot tell which one");
    }

    @Test
    void anIntegrationKnownOnlyAfterApplyIsNeverSentToAws() {
        String unknown = Unknown.of("fn.api", "invokeArn");
        RestApiSpec planned = restApi(List.of("/items"), unknown, cors(ORIGIN));
        assertThatThrownBy(() -> handler.create(planned, ctx))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("integrationUri not known yet");
        assertThat(calls.mutating()).isEmpty();

        RestApiHandler.Live live = handler.create(restApi(List.of("/items"), FUNCTION_URI, cors(ORIGIN)), ctx);
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
    void aMalformedOriginIsRefusedBeforeAnythingIsCreated() {
        RestApiSpec bad =
                restApi(List.of("/items"), FUNCTION_URI, cors("https://ok.example.com", "https://x\" || true"));
        assertThatThrownBy(() -> handler.create(bad, ctx))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("is not a scheme://host[:port] origin");
        assertThat(calls.calls()).isEmpty();
    }

    @Test
    void aKeyIsRequiredOnEveryMethodButThePreflightAndATurnedOffRequirementIsRepaired() {
        RestApiSpec base = ApiGatewayTestSupport.restApi();
        RestApiSpec spec = new RestApiSpec(
                base.name(),
                base.description(),
                base.endpointType(),
                base.resourcePaths(),
                base.integrationUri(),
                base.cors(),
                base.tags(),
                Map.of("ANY", true, "OPTIONS", false));
        RestApiHandler.Live created = handler.create(spec, ctx);
        for (String path : List.of("/items", "/items/{id}")) {
            assertThat(created.resources().get(path).methods().get("ANY").apiKeyRequired())
                    .as(path + " ANY")
                    .isTrue();
            assertThat(created.resources().get(path).methods().get("OPTIONS").apiKeyRequired())
                    .as(path + " OPTIONS")
                    .isFalse();
        }
        calls.clear();
        RestApiHandler.Live live = handler.read(spec, ctx).orElseThrow();
        assertThat(handler.diff(spec, live)).isEmpty();
        assertThat(calls.calls())
                .extracting(CallLog.Call::operation)
                .as("no extra read for the key requirement")
                .containsExactly("GetRestApis", "GetResources", "GetGatewayResponses");

        // Outside tapctl: /items/{id} ANY no longer needs a key.
        String item = live.resources().get("/items/{id}").id();
        apigateway.updateMethod(r -> r.restApiId(live.id())
                .resourceId(item)
                .httpMethod("ANY")
                .patchOperations(ApiGatewaySupport.replace("/apiKeyRequired", "false")));
        RestApiHandler.Live drifted = handler.read(spec, ctx).orElseThrow();
        List<AttributeChange> changes = handler.diff(spec, drifted);
        assertThat(changes)
                .containsExactly(AttributeChange.of("resources./items/{id}.ANY.apiKeyRequired", false, true));

        calls.clear();
        RestApiHandler.Live repaired = handler.update(spec, drifted, changes, ctx);
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
