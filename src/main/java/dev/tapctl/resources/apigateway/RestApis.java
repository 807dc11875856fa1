package dev.tapctl.resources.apigateway;

import dev.tapctl.engine.spi.HandlerContext;
import dev.tapctl.engine.spi.SharedReads;
import dev.tapctl.engine.spi.Tags;
import dev.tapctl.resources.support.Missing;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import software.amazon.awssdk.services.apigateway.ApiGatewayClient;
import software.amazon.awssdk.services.apigateway.model.NotFoundException;
import software.amazon.awssdk.services.apigateway.model.RestApi;

/**
 * Finders for REST APIs, and where the parts of an API keep their spec hash. API Gateway tags a
 * REST API but none of its parts (the developer guide's "API Gateway resources that can be tagged":
 * RestApi and Stage can, and "Tags cannot be set directly on other resources": resources, methods,
 * gateway responses), so each part handled as a resource of its own records the
 * hash of the spec it was written with on its API, under {@code tapctl:spec-hash:<its logical id>}.
 * That keeps drift (hash equal, part differs) apart from a configuration change for the parts too.
 */
final class RestApis {
    private RestApis() {}

    /**
     * Every REST API of the account and region, with its tags: GetRestApis filters neither by name
     * nor by tag. Within a plan one listing serves the API and its parts (within a drift run, every
     * environment's).
     */
    static List<RestApi> listed(ApiGatewayClient apigateway, SharedReads reads) {
        return reads.get(
                "apigateway:GetRestApis",
                () -> List.copyOf(apigateway.getRestApisPaginator(r -> r.limit(500)).items().stream()
                        .toList()));
    }

    /** The tags of the API {@code id}; empty when it is gone. In a plan, from {@link #listed}. */
    static Optional<Map<String, String>> tags(ApiGatewayClient apigateway, HandlerContext ctx, String id) {
        if (ctx.reads().shared()) {
            return listed(apigateway, ctx.reads()).stream()
                    .filter(api -> id.equals(api.id()))
                    .findFirst()
                    .map(api -> ApiGatewaySupport.tagsOf(api.tags()));
        }
        return Missing.orEmpty(() -> apigateway.getRestApi(r -> r.restApiId(id)), NotFoundException.class)
                .map(api -> ApiGatewaySupport.tagsOf(api.tags()));
    }

    static String partHashKey(String logicalId) {
        return Tags.SPEC_HASH + ":" + logicalId;
    }

    /** The hash a part recorded on its API, as the part's live tags ({@code tapctl:spec-hash}), or none. */
    static Map<String, String> partTags(Map<String, String> apiTags, String logicalId) {
        String hash = apiTags.get(partHashKey(logicalId));
        return hash == null ? Map.of() : Map.of(Tags.SPEC_HASH, hash);
    }

    /**
     * After a part was written: records the hash of its spec on the API, then reads the part back
     * with {@code read} (outside a plan nothing is shared, so never from a listing taken before).
     */
    static <L> L recordHashAndReadBack(
            ApiGatewayClient apigateway, String apiId, HandlerContext ctx, Supplier<Optional<L>> read, String what) {
        ApiGatewaySupport.tag(
                apigateway,
                ApiGatewaySupport.restApiArn(apigateway, apiId),
                Map.of(partHashKey(ctx.logicalId()), ctx.specHash()));
        return read.get()
                .orElseThrow(() -> new IllegalStateException(
                        what + " of REST API " + apiId + " were written but cannot be read back"));
    }

    /**
     * Removes a part with {@code removal}, then its hash from the API. NotFound: the API is gone,
     * and the part with it.
     */
    static void removePart(ApiGatewayClient apigateway, String apiId, String logicalId, Runnable removal) {
        Missing.ok(
                () -> {
                    removal.run();
                    apigateway.untagResource(r -> r.resourceArn(ApiGatewaySupport.restApiArn(apigateway, apiId))
                            .tagKeys(partHashKey(logicalId)));
                },
                NotFoundException.class);
    }
}
