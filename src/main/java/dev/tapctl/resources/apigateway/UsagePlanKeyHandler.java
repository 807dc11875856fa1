package dev.tapctl.resources.apigateway;

import static dev.tapctl.resources.apigateway.ApiGatewaySupport.deleted;

import dev.tapctl.engine.spi.AttributeChange;
import dev.tapctl.engine.spi.DeleteResult;
import dev.tapctl.engine.spi.DeletionPolicy;
import dev.tapctl.engine.spi.HandlerContext;
import dev.tapctl.engine.spi.ReadsUpstreamOutputs;
import dev.tapctl.engine.spi.Unknown;
import dev.tapctl.engine.spi.Untagged;
import dev.tapctl.resources.support.Missing;
import dev.tapctl.resources.support.NothingToUpdate;
import dev.tapctl.stack.Kinds;
import dev.tapctl.stack.spec.UsagePlanKeySpec;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.services.apigateway.ApiGatewayClient;
import software.amazon.awssdk.services.apigateway.model.ConflictException;
import software.amazon.awssdk.services.apigateway.model.NotFoundException;

/**
 * An API key's membership of the stack's usage plan. API Gateway can neither tag nor modify a
 * usage plan key, so there is no spec hash and nothing to update (a membership has no attribute
 * of its own): it is there or it is not. It
 * is read with GetUsagePlans filtered by key id, which answers plans, not keys, so the key's
 * value (which GetUsagePlanKey(s) return) is never fetched. A key removed from the configuration
 * is deleted as an orphan API key, which takes it out of the plan with it.
 */
public final class UsagePlanKeyHandler extends ApiGatewayHandler<UsagePlanKeySpec, UsagePlanKeyHandler.Live>
        implements NothingToUpdate<UsagePlanKeySpec, UsagePlanKeyHandler.Live>,
                Untagged,
                // Read once the plan's and the key's ids are known: it is named by both.
                ReadsUpstreamOutputs<UsagePlanKeySpec> {
    static final String KEY_TYPE = "API_KEY";

    public record Live(String usagePlanId, String apiKeyId) {}

    public UsagePlanKeyHandler(ApiGatewayClient apigateway) {
        super(apigateway, Kinds.USAGE_PLAN_KEY);
    }

    @Override
    public Optional<Live> read(UsagePlanKeySpec desired, HandlerContext ctx) {
        if (Unknown.isUnknown(desired.usagePlanId()) || Unknown.isUnknown(desired.apiKeyId())) {
            // The plan or the key does not exist yet, so neither can the membership.
            return Optional.empty();
        }
        boolean member = Missing.orEmpty(
                        () ->
                                apigateway
                                        .getUsagePlansPaginator(
                                                r -> r.keyId(desired.apiKeyId()).limit(500))
                                        .items()
                                        .stream()
                                        .anyMatch(plan -> desired.usagePlanId().equals(plan.id())),
                        NotFoundException.class)
                .orElse(false);
        return member ? Optional.of(new Live(desired.usagePlanId(), desired.apiKeyId())) : Optional.empty();
    }

    @Override
    protected Live createKnown(UsagePlanKeySpec desired, HandlerContext ctx) {
        try {
            // The answer carries the key's value; nothing is taken from it.
            apigateway.createUsagePlanKey(r -> r.usagePlanId(desired.usagePlanId())
                    .keyId(desired.apiKeyId())
                    .keyType(KEY_TYPE));
        } catch (ConflictException e) {
            // Attached already (a run that stopped after attaching it): adopted.
        }
        return new Live(desired.usagePlanId(), desired.apiKeyId());
    }

    /** Never called with changes: the diff of this kind is always empty. */
    @Override
    protected Live updateKnown(UsagePlanKeySpec desired, Live live, List<AttributeChange> changes, HandlerContext ctx) {
        return live;
    }

    @Override
    public DeleteResult delete(Live live, DeletionPolicy policy, HandlerContext ctx) {
        // NotFound: the membership, the plan or the key is gone already.
        return deleted(() -> apigateway.deleteUsagePlanKey(
                r -> r.usagePlanId(live.usagePlanId()).keyId(live.apiKeyId())));
    }
}
