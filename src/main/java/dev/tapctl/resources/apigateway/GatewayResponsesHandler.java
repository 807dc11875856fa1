package dev.tapctl.resources.apigateway;

import static dev.tapctl.resources.apigateway.ApiGatewaySupport.present;

import dev.tapctl.engine.spi.AttributeChange;
import dev.tapctl.engine.spi.DeleteResult;
import dev.tapctl.engine.spi.DeletionPolicy;
import dev.tapctl.engine.spi.HandlerContext;
import dev.tapctl.engine.spi.ReadsUpstreamOutputs;
import dev.tapctl.engine.spi.Tagged;
import dev.tapctl.engine.spi.Unknown;
import dev.tapctl.resources.support.Missing;
import dev.tapctl.stack.Kinds;
import dev.tapctl.stack.spec.GatewayResponsesSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import software.amazon.awssdk.services.apigateway.ApiGatewayClient;
import software.amazon.awssdk.services.apigateway.model.GatewayResponse;
import software.amazon.awssdk.services.apigateway.model.NotFoundException;

/**
 * The gateway responses of a REST API that tapctl customizes, DEFAULT_4XX and DEFAULT_5XX, so that a
 * browser can read API Gateway's own errors ({@link GatewayResponses}: what they carry and which to
 * write). A type nobody customized is API Gateway's default ({@code defaultResponse} true); deleting
 * a customization restores it. The spec hash is kept on the API ({@link RestApis}).
 */
public final class GatewayResponsesHandler extends ApiGatewayHandler<GatewayResponsesSpec, GatewayResponsesHandler.Live>
        // Read once upstream outputs are known: the responses are found by their REST API's id.
        implements ReadsUpstreamOutputs<GatewayResponsesSpec> {

    /**
     * {@code responses}: the response parameters of each of tapctl's types; {@code customized}: the
     * types that are not API Gateway's default; {@code tags}: only the spec hash recorded on the API.
     */
    public record Live(
            String restApiId,
            Map<String, Map<String, String>> responses,
            Set<String> customized,
            Map<String, String> tags)
            implements Tagged {
        public Live {
            responses = Map.copyOf(responses);
            customized = Set.copyOf(customized);
            tags = Map.copyOf(tags);
        }
    }

    public GatewayResponsesHandler(ApiGatewayClient apigateway) {
        super(apigateway, Kinds.GATEWAY_RESPONSES);
    }

    /**
     * Empty while the API is to be created, once it is gone, or while none of the types is
     * customized and the spec customizes them (they are then created).
     */
    @Override
    public Optional<Live> read(GatewayResponsesSpec desired, HandlerContext ctx) {
        if (Unknown.isUnknown(desired.restApiId())) {
            return Optional.empty();
        }
        boolean wanted = GatewayResponses.desired(desired.cors()).values().stream()
                .anyMatch(parameters -> !parameters.isEmpty());
        return read(desired.restApiId(), ctx).filter(live -> !(live.customized().isEmpty() && wanted));
    }

    private Optional<Live> read(String apiId, HandlerContext ctx) {
        return RestApis.tags(apigateway, ctx, apiId).flatMap(apiTags -> Missing.orEmpty(
                        // Not paginated (AWS: "does not support pagination"): one call answers every type.
                        () -> apigateway
                                .getGatewayResponses(r -> r.restApiId(apiId).limit(500))
                                .items(),
                        NotFoundException.class)
                .map(items -> live(apiId, items, RestApis.partTags(apiTags, ctx.logicalId()))));
    }

    private static Live live(String apiId, List<GatewayResponse> items, Map<String, String> tags) {
        Map<String, Map<String, String>> responses = new TreeMap<>();
        Set<String> customized = new TreeSet<>();
        for (GatewayResponse response : items) {
            String type = response.responseTypeAsString();
            if (GatewayResponses.TYPES.contains(type)) {
                responses.put(type, present(response.responseParameters()));
                if (!Boolean.TRUE.equals(response.defaultResponse())) {
                    customized.add(type);
                }
            }
        }
        return new Live(apiId, responses, customized, tags);
    }

    /** One change per header, e.g. {@code gatewayResponses.DEFAULT_4XX.Access-Control-Allow-Origin}. */
    @Override
    public List<AttributeChange> diff(GatewayResponsesSpec desired, Live live) {
        List<AttributeChange> changes = new ArrayList<>();
        GatewayResponses.diff(desired.cors(), live.responses(), changes);
        return changes;
    }

    @Override
    protected Live createKnown(GatewayResponsesSpec desired, HandlerContext ctx) {
        GatewayResponses.desired(desired.cors()); // refuses a malformed origin before any call
        String apiId = desired.restApiId();
        Live current =
                read(apiId, ctx).orElseThrow(() -> new IllegalStateException("REST API " + apiId + " not found"));
        write(desired, current);
        return RestApis.recordHashAndReadBack(apigateway, apiId, ctx, () -> read(apiId, ctx), "gateway responses");
    }

    @Override
    protected Live updateKnown(
            GatewayResponsesSpec desired, Live live, List<AttributeChange> changes, HandlerContext ctx) {
        if (changes.stream().anyMatch(c -> c.path().startsWith("gatewayResponses."))) {
            write(desired, live);
        }
        return RestApis.recordHashAndReadBack(
                apigateway, live.restApiId(), ctx, () -> read(live.restApiId(), ctx), "gateway responses");
    }

    /** Writes the types that differ; empty parameters delete the customization (the default comes back). */
    private void write(GatewayResponsesSpec desired, Live live) {
        String apiId = live.restApiId();
        GatewayResponses.toWrite(desired.cors(), live.responses()).forEach((type, want) -> {
            if (want.isEmpty()) {
                apigateway.deleteGatewayResponse(r -> r.restApiId(apiId).responseType(type));
            } else {
                apigateway.putGatewayResponse(
                        r -> r.restApiId(apiId).responseType(type).responseParameters(want));
            }
        });
    }

    /**
     * Deletes every customization of tapctl's types, which restores API Gateway's defaults, then
     * the hash on the API. NotFound: the API, or the customization, is gone.
     */
    @Override
    public DeleteResult delete(Live live, DeletionPolicy policy, HandlerContext ctx) {
        String apiId = live.restApiId();
        read(apiId, ctx)
                .ifPresent(current -> RestApis.removePart(apigateway, apiId, ctx.logicalId(), () -> {
                    for (String type : current.customized()) {
                        Missing.ok(
                                () -> apigateway.deleteGatewayResponse(
                                        r -> r.restApiId(apiId).responseType(type)),
                                NotFoundException.class);
                    }
                }));
        return DeleteResult.deleted();
    }
}
