package dev.tapctl.resources.apigateway;

import static dev.tapctl.resources.apigateway.ApiGatewaySupport.deleted;
import static dev.tapctl.resources.apigateway.ApiGatewaySupport.emptyIfNull;
import static dev.tapctl.resources.apigateway.ApiGatewaySupport.tag;
import static dev.tapctl.resources.apigateway.ApiGatewaySupport.tagsOf;

import dev.tapctl.engine.spi.AttributeChange;
import dev.tapctl.engine.spi.DeleteResult;
import dev.tapctl.engine.spi.DeletionPolicy;
import dev.tapctl.engine.spi.HandlerContext;
import dev.tapctl.engine.spi.ListsOrphans;
import dev.tapctl.engine.spi.Outputs;
import dev.tapctl.engine.spi.Ownership;
import dev.tapctl.engine.spi.SharedReads;
import dev.tapctl.engine.spi.Tags;
import dev.tapctl.engine.spi.WriteOnlyAttributes;
import dev.tapctl.resources.support.Diff;
import dev.tapctl.resources.support.NamePrefixListing;
import dev.tapctl.stack.Kinds;
import dev.tapctl.stack.spec.ApiKeySpec;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.apigateway.ApiGatewayClient;
import software.amazon.awssdk.services.apigateway.model.GetApiKeyResponse;

/**
 * An API key found by its env-keyed name and the {@code tapctl:logical-id} tag (API Gateway does
 * not keep key names unique). Every read asks without the value (GetApiKeys includeValues and
 * GetApiKey includeValue left false), so the live view never holds it: only
 * {@code tapctl outputs --show-secret} reads it, through {@link dev.tapctl.aws.ApiKeyValues}.
 */
public final class ApiKeyHandler extends ApiGatewayHandler<ApiKeySpec, ApiKeyHandler.Live>
        implements ListsOrphans<ApiKeyHandler.Live>, WriteOnlyAttributes {
    @Override
    public Map<String, String> writeOnly() {
        return Map.of("value", "API Gateway generates it; tapctl never reads it (outputs --show-secret does)");
    }

    /** A key as tapctl sees it: no value, on purpose. */
    public record Live(String id, String name, String description, boolean enabled, Map<String, String> tags)
            implements Named {
        public Live {
            tags = Map.copyOf(tags);
        }
    }

    public ApiKeyHandler(ApiGatewayClient apigateway) {
        super(apigateway, Kinds.API_KEY);
    }

    /**
     * GetApiKeys filtered by name (nameQuery) rather than every key of the account. Within a plan
     * the query is the environment's name prefix: one listing serves every key of the environment
     * and {@link #listOrphans}, and answers only the environment's keys.
     */
    @Override
    public Optional<Live> read(ApiKeySpec desired, HandlerContext ctx) {
        boolean inEnvironment = ctx.reads().shared()
                && Tags.namePrefix(desired.tags())
                        .filter(desired.name()::startsWith)
                        .isPresent();
        List<Live> candidates = inEnvironment
                ? listed(
                        ctx.reads(),
                        desired.tags().get(Tags.PROJECT),
                        desired.tags().get(Tags.ENVIRONMENT))
                : byNameQuery(desired.name());
        return Named.ours("API keys", candidates, desired.name(), ctx.logicalId());
    }

    /**
     * The keys of the environment (names with its prefix), without their values; shared within a
     * plan (within a drift run, by every environment of the project).
     */
    private List<Live> listed(SharedReads reads, String project, String env) {
        return NamePrefixListing.of(reads, "apigateway:GetApiKeys", project, env, this::byNameQuery, Live::name);
    }

    /** Keys whose name starts with {@code nameQuery}, without their values. */
    private List<Live> byNameQuery(String nameQuery) {
        return apigateway
                .getApiKeysPaginator(
                        r -> r.nameQuery(nameQuery).includeValues(false).limit(500))
                .items()
                .stream()
                .map(key -> live(key.id(), key.name(), key.description(), key.enabled(), key.tags()))
                .toList();
    }

    private Live readById(String id) {
        GetApiKeyResponse key = apigateway.getApiKey(r -> r.apiKey(id).includeValue(false));
        return live(key.id(), key.name(), key.description(), key.enabled(), key.tags());
    }

    /** A key as GetApiKeys and GetApiKey both answer it (two types of the same fields). */
    private static Live live(String id, String name, String description, Boolean enabled, Map<String, String> tags) {
        return new Live(id, name, description, Boolean.TRUE.equals(enabled), tagsOf(tags));
    }

    /** Keys of the environment (its name prefix and ownership tags) that the configuration no longer names. */
    @Override
    public List<Live> listOrphans(Ownership owner, SharedReads reads) {
        return listed(reads, owner.project(), owner.env()).stream()
                .filter(key -> key.name() != null && key.name().startsWith(owner.namePrefix()))
                .filter(key -> !owner.knownNames().contains(key.name()))
                .filter(key -> owner.owns(key.tags()))
                .toList();
    }

    @Override
    public List<AttributeChange> diff(ApiKeySpec desired, Live live) {
        return Diff.of(desired, live)
                // No description and an empty one are the same key (an update clears one with "").
                .field("description", ApiKeySpec::description, Live::description, ApiGatewaySupport::sameDescription)
                .fields("enabled")
                .tags()
                .changes();
    }

    @Override
    protected Live createKnown(ApiKeySpec desired, HandlerContext ctx) {
        // No client token: the tags written with the key let the next run find it after a crash.
        // The answer carries the generated value; only the id is taken from it.
        String id = apigateway
                .createApiKey(r -> r.name(desired.name())
                        .description(desired.description())
                        .enabled(desired.enabled())
                        .tags(ctx.tagsToWrite(desired.tags())))
                .id();
        return readById(id);
    }

    @Override
    protected Live updateKnown(ApiKeySpec desired, Live live, List<AttributeChange> changes, HandlerContext ctx) {
        Patch.of(changes)
                .replace("description", "/description", emptyIfNull(desired.description()))
                .replace("enabled", "/enabled", Boolean.toString(desired.enabled()))
                .send(patch -> apigateway.updateApiKey(r -> r.apiKey(live.id()).patchOperations(patch)));
        tag(apigateway, ApiGatewaySupport.arn(apigateway, "/apikeys/" + live.id()), ctx.tagsToWrite(desired.tags()));
        return readById(live.id());
    }

    @Override
    public DeleteResult delete(Live live, DeletionPolicy policy, HandlerContext ctx) {
        // Deleting a key also takes it out of its usage plans.
        return deleted(() -> apigateway.deleteApiKey(r -> r.apiKey(live.id())));
    }

    @Override
    public Outputs outputs(Live live) {
        return Outputs.of(ApiKeySpec.API_KEY_ID, live.id(), ApiKeySpec.NAME, live.name());
    }
}
