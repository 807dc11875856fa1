package dev.tapctl.resources.apigateway;

import static dev.tapctl.resources.apigateway.ApiGatewayTestSupport.FUNCTION_URI;
import static dev.tapctl.resources.apigateway.ApiGatewayTestSupport.ORIGIN;
import static dev.tapctl.resources.apigateway.ApiGatewayTestSupport.apiRoutes;
import static dev.tapctl.resources.apigateway.ApiGatewayTestSupport.cors;
import static dev.tapctl.resources.apigateway.ApiGatewayTestSupport.liveResources;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tapctl.engine.spi.AttributeChange;
import dev.tapctl.stack.spec.ApiRoutesSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The routes a spec asks for and their field-by-field diff, without AWS. */
class ApiRoutesTest {
    private static final String H = "method.response.header.";

    @Test
    void everyConfiguredPathTakesAnyAndThePreflightAndItsParentsExistWithoutMethods() {
        Map<String, Map<String, ApiMethod>> routes =
                ApiRoutes.desired(apiRoutes(List.of("v1/items/{id}/"), FUNCTION_URI, cors(ORIGIN)));
        assertThat(routes).containsOnlyKeys("/", "/v1", "/v1/items", "/v1/items/{id}");
        assertThat(routes.get("/")).isEmpty();
        assertThat(routes.get("/v1/items")).isEmpty();
        assertThat(routes.get("/v1/items/{id}")).containsOnlyKeys("ANY", "OPTIONS");
        ApiMethod proxy = routes.get("/v1/items/{id}").get("ANY");
        assertThat(proxy)
                .isEqualTo(new ApiMethod("NONE", "AWS_PROXY", "POST", FUNCTION_URI, null, null, null, null, false));
        assertThat(proxy.summary()).isEqualTo("AWS_PROXY POST " + FUNCTION_URI);
        assertThat(routes.get("/v1/items/{id}").get("OPTIONS")).isEqualTo(CorsResponses.preflight(cors(ORIGIN), false));
    }

    @Test
    void withoutCorsThereIsNoPreflightAndTheKeyRequirementIsPerMethod() {
        ApiRoutesSpec base = apiRoutes(List.of("/items"), FUNCTION_URI, null);
        assertThat(ApiRoutes.desired(base).get("/items")).containsOnlyKeys("ANY");
        ApiRoutesSpec keyed =
                new ApiRoutesSpec(base.restApiId(), List.of("/items"), FUNCTION_URI, cors(ORIGIN), Map.of("ANY", true));
        assertThat(ApiRoutes.desired(keyed).get("/items").get("ANY").apiKeyRequired())
                .isTrue();
        assertThat(ApiRoutes.desired(keyed).get("/items").get("OPTIONS").apiKeyRequired())
                .isFalse();
    }

    @Test
    void pathsAreNormalizedAndAnEmptySegmentIsRefused() {
        assertThat(ApiRoutes.normalize(" items/{id}/ ")).isEqualTo("/items/{id}");
        assertThat(ApiRoutes.normalize("/")).isEqualTo("/");
        assertThatThrownBy(() -> ApiRoutes.normalize("/items//x"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("resource path '/items//x' has an empty segment");
        assertThat(ApiRoutes.ancestors("/a/b/c")).containsExactly("/", "/a", "/a/b");
        assertThat(ApiRoutes.parent("/a")).isEqualTo("/");
        assertThat(ApiRoutes.lastSegment("/a/{id}")).isEqualTo("{id}");
        assertThat(ApiRoutes.depth("/")).isZero();
        assertThat(ApiRoutes.depth("/a/b")).isEqualTo(2);
    }

    @Test
    void liveRoutesAsDesiredHaveNoDiff() {
        Map<String, Map<String, ApiMethod>> routes = ApiRoutes.desired(apiRoutes());
        assertThat(diff(routes, liveResources(routes))).isEmpty();
    }

    @Test
    void missingAndExtraResourcesAndMethodsAreChangesAsAWhole() {
        Map<String, Map<String, ApiMethod>> routes = ApiRoutes.desired(apiRoutes());
        Map<String, ApiResource> live = new TreeMap<>(liveResources(routes));
        live.remove("/items/{id}");
        ApiMethod get = new ApiMethod("NONE", null, null, null, Map.of(), null, null, null, false);
        live.put("/extra", new ApiResource("x", "/extra", Map.of("GET", get, "DELETE", get)));
        Map<String, ApiMethod> itemsMethods = new TreeMap<>(routes.get("/items"));
        itemsMethods.remove("ANY");
        itemsMethods.put("GET", get);
        live.put("/items", new ApiResource("i", "/items", itemsMethods));

        assertThat(diff(routes, live))
                .containsExactly(
                        AttributeChange.of("resources./items.GET", "no integration", null),
                        AttributeChange.of("resources./items.ANY", null, "AWS_PROXY POST " + FUNCTION_URI),
                        AttributeChange.of("resources./items/{id}", null, List.of("ANY", "OPTIONS")),
                        AttributeChange.of("resources./extra", List.of("DELETE", "GET"), null));
    }

    @Test
    void withinAMethodEachOwnedFieldIsAChange() {
        ApiMethod want = CorsResponses.preflight(cors(ORIGIN), true);
        Map<String, String> mapped = new TreeMap<>(want.integrationResponseParameters());
        mapped.put(H + "Vary", "'*'");
        Map<String, Boolean> declared = new TreeMap<>(want.methodResponseParameters());
        declared.remove(H + "Vary");
        ApiMethod have = new ApiMethod(
                "AWS_IAM",
                "MOCK",
                "GET",
                null,
                Map.of(),
                declared,
                mapped,
                Map.of("application/json", "#set($x = 1)"),
                false);

        List<AttributeChange> changes = new ArrayList<>();
        ApiRoutes.diffMethod("resources./items.OPTIONS", want, have, changes);
        assertThat(changes)
                .containsExactly(
                        AttributeChange.of("resources./items.OPTIONS.authorizationType", "AWS_IAM", "NONE"),
                        AttributeChange.of("resources./items.OPTIONS.apiKeyRequired", false, true),
                        AttributeChange.of(
                                "resources./items.OPTIONS.requestTemplates.application/json",
                                null,
                                "{\"statusCode\": 200}"),
                        AttributeChange.of("resources./items.OPTIONS.methodResponse.200.Vary", null, false),
                        AttributeChange.of("resources./items.OPTIONS.integrationResponse.200.Vary", "'*'", "'Origin'"),
                        AttributeChange.of(
                                "resources./items.OPTIONS.integrationResponse.200.responseTemplates.application/json",
                                "#set($x = 1)",
                                null));
    }

    @Test
    void aFieldTapctlDoesNotOwnIsNotCompared() {
        ApiMethod want = new ApiMethod("NONE", "AWS_PROXY", "POST", FUNCTION_URI, null, null, null, null, null);
        ApiMethod have = new ApiMethod(
                "NONE",
                "AWS_PROXY",
                "POST",
                "other",
                Map.of("a", "b"),
                Map.of(H + "X", true),
                Map.of(H + "X", "'x'"),
                Map.of("a", "b"),
                true);
        List<AttributeChange> changes = new ArrayList<>();
        ApiRoutes.diffMethod("resources./items.ANY", want, have, changes);
        assertThat(changes)
                .containsExactly(AttributeChange.of("resources./items.ANY.integrationUri", "other", FUNCTION_URI));
    }

    private static List<AttributeChange> diff(
            Map<String, Map<String, ApiMethod>> routes, Map<String, ApiResource> live) {
        List<AttributeChange> changes = new ArrayList<>();
        ApiRoutes.diff(routes, live, changes);
        return changes;
    }
}
