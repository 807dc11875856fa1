package dev.tapctl.resources.apigateway;

import static dev.tapctl.resources.apigateway.ApiGatewaySupport.add;
import static dev.tapctl.resources.apigateway.ApiGatewaySupport.deleted;
import static dev.tapctl.resources.apigateway.ApiGatewaySupport.number;
import static dev.tapctl.resources.apigateway.ApiGatewaySupport.remove;
import static dev.tapctl.resources.apigateway.ApiGatewaySupport.tag;
import static dev.tapctl.resources.apigateway.ApiGatewaySupport.tagsOf;

import dev.tapctl.engine.spi.AttributeChange;
import dev.tapctl.engine.spi.DeleteResult;
import dev.tapctl.engine.spi.DeletionPolicy;
import dev.tapctl.engine.spi.HandlerContext;
import dev.tapctl.engine.spi.Outputs;
import dev.tapctl.resources.support.Diff;
import dev.tapctl.stack.Kinds;
import dev.tapctl.stack.spec.UsagePlanSpec;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.apigateway.ApiGatewayClient;
import software.amazon.awssdk.services.apigateway.model.ApiStage;
import software.amazon.awssdk.services.apigateway.model.CreateUsagePlanResponse;
import software.amazon.awssdk.services.apigateway.model.GetUsagePlanResponse;
import software.amazon.awssdk.services.apigateway.model.PatchOperation;
import software.amazon.awssdk.services.apigateway.model.QuotaSettings;
import software.amazon.awssdk.services.apigateway.model.ThrottleSettings;

/**
 * A usage plan found by its env-keyed name and the {@code tapctl:logical-id} tag (usage plan
 * names are not unique), attached to the stack's stage, with its throttle and quota.
 */
public final class UsagePlanHandler extends ApiGatewayHandler<UsagePlanSpec, UsagePlanHandler.Live> {

    /**
     * {@code apiStages} as {@code <apiId>:<stage>} (the form UpdateUsagePlan takes); throttle and
     * quota fields are null when the plan has none.
     */
    public record Live(
            String id,
            String name,
            Set<String> apiStages,
            Double rateLimit,
            Integer burstLimit,
            Integer quotaLimit,
            String quotaPeriod,
            Map<String, String> tags)
            implements Named {
        public Live {
            apiStages = Set.copyOf(new TreeSet<>(apiStages));
            tags = Map.copyOf(tags);
        }
    }

    public UsagePlanHandler(ApiGatewayClient apigateway) {
        super(apigateway, Kinds.USAGE_PLAN);
    }

    @Override
    public Optional<Live> read(UsagePlanSpec desired, HandlerContext ctx) {
        // Neither filtered by name nor by tag: the account's usage plans, one listing per plan
        // (per drift run, whatever its environments).
        List<Live> listed = ctx
                .reads()
                .get(
                        "apigateway:GetUsagePlans",
                        () -> apigateway.getUsagePlansPaginator(r -> r.limit(500)).items().stream()
                                .toList())
                .stream()
                .map(plan -> live(plan.id(), plan.name(), plan.apiStages(), plan.throttle(), plan.quota(), plan.tags()))
                .toList();
        return Named.ours("usage plans", listed, desired.name(), ctx.logicalId());
    }

    private Live readById(String id) {
        GetUsagePlanResponse plan = apigateway.getUsagePlan(r -> r.usagePlanId(id));
        return live(plan.id(), plan.name(), plan.apiStages(), plan.throttle(), plan.quota(), plan.tags());
    }

    private static Live live(
            String id,
            String name,
            List<ApiStage> stages,
            ThrottleSettings throttle,
            QuotaSettings quota,
            Map<String, String> tags) {
        Set<String> apiStages =
                stages.stream().map(s -> apiStage(s.apiId(), s.stage())).collect(Collectors.toCollection(TreeSet::new));
        return new Live(
                id,
                name,
                apiStages,
                throttle == null ? null : throttle.rateLimit(),
                throttle == null ? null : throttle.burstLimit(),
                quota == null ? null : quota.limit(),
                quota == null ? null : quota.periodAsString(),
                tagsOf(tags));
    }

    static String apiStage(String apiId, String stageName) {
        return apiId + ":" + stageName;
    }

    private static Set<String> apiStages(UsagePlanSpec spec) {
        return Set.of(apiStage(spec.restApiId(), spec.stageName()));
    }

    @Override
    public List<AttributeChange> diff(UsagePlanSpec desired, Live live) {
        return Diff.of(desired, live)
                // The plan is the stack's own: it serves exactly the stack's stage. Shown sorted.
                .field(
                        "apiStages",
                        spec -> List.copyOf(new TreeSet<>(apiStages(spec))),
                        plan -> List.copyOf(new TreeSet<>(plan.apiStages())))
                .field(
                        "throttle.rateLimit",
                        UsagePlanSpec::rateLimit,
                        Live::rateLimit,
                        (want, have) -> have != null && Double.compare(have, want) == 0)
                .field("throttle.burstLimit", UsagePlanSpec::burstLimit, Live::burstLimit)
                .field("quota.limit", UsagePlanSpec::quotaLimit, Live::quotaLimit)
                .field("quota.period", UsagePlanHandler::period, Live::quotaPeriod)
                .tags()
                .changes();
    }

    @Override
    protected Live createKnown(UsagePlanSpec desired, HandlerContext ctx) {
        // No client token: the tags written with the plan let the next run find it after a crash.
        CreateUsagePlanResponse created = apigateway.createUsagePlan(r -> r.name(desired.name())
                .apiStages(ApiStage.builder()
                        .apiId(desired.restApiId())
                        .stage(desired.stageName())
                        .build())
                .throttle(t -> t.rateLimit(desired.rateLimit()).burstLimit(desired.burstLimit()))
                .quota(q -> q.limit(desired.quotaLimit()).period(period(desired)))
                .tags(ctx.tagsToWrite(desired.tags())));
        return readById(created.id());
    }

    @Override
    protected Live updateKnown(UsagePlanSpec desired, Live live, List<AttributeChange> changes, HandlerContext ctx) {
        Patch patch = Patch.of(changes);
        if (patch.changed("apiStages")) {
            Set<String> wanted = apiStages(desired);
            live.apiStages().stream()
                    .filter(s -> !wanted.contains(s))
                    .sorted()
                    .forEach(s -> patch.add(remove("/apiStages", s)));
            wanted.stream()
                    .filter(s -> !live.apiStages().contains(s))
                    .sorted()
                    .forEach(s -> patch.add(add("/apiStages", s)));
        }
        patch.replace("throttle.rateLimit", "/throttle/rateLimit", number(desired.rateLimit()))
                .replace("throttle.burstLimit", "/throttle/burstLimit", Integer.toString(desired.burstLimit()))
                .replace("quota.limit", "/quota/limit", Integer.toString(desired.quotaLimit()))
                .replace("quota.period", "/quota/period", period(desired))
                .send(operations ->
                        apigateway.updateUsagePlan(r -> r.usagePlanId(live.id()).patchOperations(operations)));
        tag(apigateway, ApiGatewaySupport.usagePlanArn(apigateway, live.id()), ctx.tagsToWrite(desired.tags()));
        return readById(live.id());
    }

    @Override
    public DeleteResult delete(Live live, DeletionPolicy policy, HandlerContext ctx) {
        return deleted(() -> {
            // AWS refuses to delete a plan that still has API stages: detach them first.
            if (!live.apiStages().isEmpty()) {
                List<PatchOperation> detach = live.apiStages().stream()
                        .sorted()
                        .map(s -> remove("/apiStages", s))
                        .toList();
                apigateway.updateUsagePlan(r -> r.usagePlanId(live.id()).patchOperations(detach));
            }
            apigateway.deleteUsagePlan(r -> r.usagePlanId(live.id()));
        });
    }

    @Override
    public Outputs outputs(Live live) {
        return Outputs.of(UsagePlanSpec.USAGE_PLAN_ID, live.id());
    }

    /** AWS names the periods DAY, WEEK and MONTH; the configuration may say "month". */
    static String period(UsagePlanSpec spec) {
        return spec.quotaPeriod() == null ? null : spec.quotaPeriod().trim().toUpperCase(Locale.ROOT);
    }
}
