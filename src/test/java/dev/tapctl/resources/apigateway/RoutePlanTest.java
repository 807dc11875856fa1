package dev.tapctl.resources.apigateway;

import static dev.tapctl.resources.apigateway.ApiGatewayTestSupport.FUNCTION_URI;
import static dev.tapctl.resources.apigateway.ApiGatewayTestSupport.ORIGIN;
import static dev.tapctl.resources.apigateway.ApiGatewayTestSupport.apiRoutes;
import static dev.tapctl.resources.apigateway.ApiGatewayTestSupport.cors;
import static dev.tapctl.resources.apigateway.ApiGatewayTestSupport.liveResources;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tapctl.resources.apigateway.RoutePlan.MethodStep;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** Which resources and methods a reconcile creates, repairs and deletes, in which order, without AWS. */
class RoutePlanTest {
    private static final Map<String, ApiResource> ONLY_ROOT = Map.of("/", new ApiResource("root", "/", Map.of()));

    @Test
    void aNewApiGetsEveryResourceParentsFirstAndEveryMethodWhole() {
        Map<String, Map<String, ApiMethod>> routes = ApiRoutes.desired(apiRoutes());
        RoutePlan plan = RoutePlan.of(routes, ONLY_ROOT);
        assertThat(plan.removedResources()).isEmpty();
        assertThat(plan.newResources()).containsExactly("/items", "/items/{id}");
        assertThat(plan.methods())
                .extracting(s -> s.path() + " " + s.httpMethod())
                .containsExactly("/items ANY", "/items OPTIONS", "/items/{id} ANY", "/items/{id} OPTIONS");
        assertThat(plan.methods())
                .allSatisfy(s -> assertThat(s.repair().putMethod()).isTrue())
                .allSatisfy(
                        s -> assertThat(s.want()).isEqualTo(routes.get(s.path()).get(s.httpMethod())));
    }

    @Test
    void resourcesAreCreatedByDepthThenByName() {
        RoutePlan plan =
                RoutePlan.of(ApiRoutes.desired(apiRoutes(List.of("/b/c", "/a", "/b"), FUNCTION_URI, null)), ONLY_ROOT);
        assertThat(plan.newResources()).containsExactly("/a", "/b", "/b/c");
    }

    @Test
    void anApiAsDesiredHasAnEmptyPlan() {
        Map<String, Map<String, ApiMethod>> routes = ApiRoutes.desired(apiRoutes());
        assertThat(RoutePlan.of(routes, liveResources(routes)))
                .isEqualTo(new RoutePlan(List.of(), List.of(), List.of()));
    }

    @Test
    void onlyTheTopmostExtraResourceIsDeletedAndExtraMethodsGoBeforeTheRepairs() {
        Map<String, Map<String, ApiMethod>> routes =
                ApiRoutes.desired(apiRoutes(List.of("/items"), FUNCTION_URI, cors(ORIGIN)));
        Map<String, ApiResource> live = new TreeMap<>(liveResources(routes));
        ApiMethod get = new ApiMethod("NONE", null, null, null, Map.of(), null, null, null, false);
        live.put("/extra", new ApiResource("e", "/extra", Map.of("GET", get)));
        live.put("/extra/deeper", new ApiResource("d", "/extra/deeper", Map.of("GET", get)));
        Map<String, ApiMethod> items = new TreeMap<>(routes.get("/items"));
        items.put("ANY", new ApiMethod("NONE", "AWS_PROXY", "POST", "old", null, null, null, null, false));
        items.put("GET", get);
        live.put("/items", new ApiResource("i", "/items", items));

        RoutePlan plan = RoutePlan.of(routes, live);
        assertThat(plan.removedResources())
                .as("deleting /extra deletes /extra/deeper")
                .containsExactly("/extra");
        assertThat(plan.newResources()).isEmpty();
        assertThat(plan.methods())
                .containsExactly(
                        new MethodStep("/items", "GET", null, MethodRepair.REMOVE),
                        new MethodStep(
                                "/items",
                                "ANY",
                                routes.get("/items").get("ANY"),
                                new MethodRepair(false, false, false, true, false, false, false)));
    }
}
