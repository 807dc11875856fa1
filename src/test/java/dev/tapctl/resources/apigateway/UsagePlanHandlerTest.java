package dev.tapctl.resources.apigateway;

import static dev.tapctl.testing.HandlerFixture.tags;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import dev.tapctl.aws.AwsClients;
import dev.tapctl.engine.spi.AttributeChange;
import dev.tapctl.engine.spi.DeleteResult;
import dev.tapctl.engine.spi.DeletionPolicy;
import dev.tapctl.engine.spi.Tags;
import dev.tapctl.engine.spi.Unknown;
import dev.tapctl.stack.spec.StageSpec;
import dev.tapctl.stack.spec.UsagePlanSpec;
import dev.tapctl.testing.CallLog;
import dev.tapctl.testing.Emulator;
import dev.tapctl.testing.EmulatorExtension;
import dev.tapctl.testing.HandlerFixture;
import dev.tapctl.testing.TestContext;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.apigateway.ApiGatewayClient;

@ExtendWith(EmulatorExtension.class)
class UsagePlanHandlerTest {
    private static final String PLAN_ID = "api.usage-plan";
    private static final String PLAN = "tap-test-api-plan";
    private static final String STAGE = "v1";

    private final CallLog calls = new CallLog();
    private final TestContext ctx = new TestContext(PLAN_ID, "hash-1");
    private AwsClients clients;
    private ApiGatewayClient apigateway;
    private UsagePlanHandler handler;
    private String apiId;

    @BeforeEach
    void setUp(Emulator emulator) {
        clients = HandlerFixture.clients(emulator, calls);
        apigateway = clients.apigateway();
        handler = new UsagePlanHandler(apigateway);
        apiId = ApiGatewayTestSupport.deployableApi(apigateway);
        stage(STAGE);
        calls.clear();
    }

    @AfterEach
    void tearDown() {
        clients.close();
    }

    /** A stage without access logs (which would need the account's CloudWatch role). */
    private void stage(String name) {
        new StageHandler(apigateway)
                .create(
                        new StageSpec(apiId, name, "fp", 100, 50, null, null, tags("api.stage", name)),
                        new TestContext("api.stage", "h"));
    }

    private UsagePlanSpec spec(String stage, int quota) {
        return new UsagePlanSpec(PLAN, apiId, stage, 100, 50, quota, "MONTH", tags(PLAN_ID, PLAN));
    }

    @Test
    void lifecycleRepairsDriftAndDeletes() {
        UsagePlanSpec spec = spec(STAGE, 100_000);
        UsagePlanHandler.Live created = handler.create(spec, ctx);
        assertThat(calls.mutating()).extracting(CallLog.Call::operation).containsExactly("CreateUsagePlan");

        calls.clear();
        UsagePlanHandler.Live live = handler.read(spec, ctx).orElseThrow();
        assertThat(live).isEqualTo(created);
        assertThat(live.name()).isEqualTo(PLAN);
        assertThat(live.apiStages()).containsExactly(apiId + ":" + STAGE);
        assertThat(live.rateLimit()).isEqualTo(100.0);
        assertThat(live.burstLimit()).isEqualTo(50);
        assertThat(live.quotaLimit()).isEqualTo(100_000);
        assertThat(live.quotaPeriod()).isEqualTo("MONTH");
        assertThat(live.tags()).containsAllEntriesOf(spec.tags()).containsEntry(Tags.SPEC_HASH, "hash-1");
        assertThat(handler.diff(spec, live)).isEmpty();
        assertThat(calls.calls()).extracting(CallLog.Call::operation).containsExactly("GetUsagePlans");
        assertThat(handler.outputs(live).values()).containsOnly(entry("usagePlanId", live.id()));

        // Someone raises the quota outside tapctl.
        apigateway.updateUsagePlan(
                r -> r.usagePlanId(live.id()).patchOperations(ApiGatewaySupport.replace("/quota/limit", "5000000")));
        UsagePlanHandler.Live drifted = handler.read(spec, ctx).orElseThrow();
        List<AttributeChange> changes = handler.diff(spec, drifted);
        assertThat(changes).containsExactly(AttributeChange.of("quota.limit", 5_000_000, 100_000));

        calls.clear();
        UsagePlanHandler.Live updated = handler.update(spec, drifted, changes, new TestContext(PLAN_ID, "hash-2"));
        assertThat(calls.mutating())
                .extracting(CallLog.Call::operation)
                .containsExactly("UpdateUsagePlan", "TagResource");
        UsagePlanHandler.Live repaired = handler.read(spec, ctx).orElseThrow();
        assertThat(handler.diff(spec, repaired)).isEmpty();
        assertThat(repaired.tags()).containsEntry(Tags.SPEC_HASH, "hash-2").containsEntry("CostCenter", "platform");
        assertThat(updated).isEqualTo(repaired);

        calls.clear();
        assertThat(handler.delete(repaired, DeletionPolicy.DELETE, ctx)).isEqualTo(DeleteResult.deleted());
        assertThat(calls.mutating())
                .extracting(CallLog.Call::operation)
                .as("the stage is detached before the plan is deleted")
                .containsExactly("UpdateUsagePlan", "DeleteUsagePlan");
        assertThat(handler.read(spec, ctx)).isEmpty();
    }

    @Test
    void anotherStageIsSwappedInOneCall() {
        UsagePlanHandler.Live live = handler.create(spec(STAGE, 1000), ctx);
        stage("v2");
        UsagePlanSpec moved = spec("v2", 1000);

        List<AttributeChange> changes = handler.diff(moved, live);
        assertThat(changes)
                .containsExactly(AttributeChange.of("apiStages", List.of(apiId + ":" + STAGE), List.of(apiId + ":v2")));
        calls.clear();
        UsagePlanHandler.Live after = handler.update(moved, live, changes, ctx);
        assertThat(calls.mutating())
                .extracting(CallLog.Call::operation)
                .containsExactly("UpdateUsagePlan", "TagResource");
        assertThat(after.apiStages()).containsExactly(apiId + ":v2");
        assertThat(handler.diff(moved, after)).isEmpty();
    }

    @Test
    void throttleAndQuotaChangesArePatched() {
        UsagePlanHandler.Live live = handler.create(spec(STAGE, 1000), ctx);
        UsagePlanSpec changed = new UsagePlanSpec(PLAN, apiId, STAGE, 20, 25, 2000, "week", tags(PLAN_ID, PLAN));

        List<AttributeChange> changes = handler.diff(changed, live);
        assertThat(changes)
                .containsExactlyInAnyOrder(
                        AttributeChange.of("throttle.rateLimit", 100.0, 20.0),
                        AttributeChange.of("throttle.burstLimit", 50, 25),
                        AttributeChange.of("quota.limit", 1000, 2000),
                        AttributeChange.of("quota.period", "MONTH", "WEEK"));
        handler.update(changed, live, changes, ctx);
        UsagePlanHandler.Live after = handler.read(changed, ctx).orElseThrow();
        assertThat(handler.diff(changed, after)).isEmpty();
        assertThat(after.rateLimit()).isEqualTo(20.0);
        assertThat(after.quotaPeriod()).isEqualTo("WEEK");
    }

    @Test
    void aFractionalRateIsPatched() {
        UsagePlanHandler.Live live = handler.create(spec(STAGE, 1000), ctx);
        UsagePlanSpec slow = new UsagePlanSpec(PLAN, apiId, STAGE, 12.5, 50, 1000, "MONTH", tags(PLAN_ID, PLAN));

        List<AttributeChange> changes = handler.diff(slow, live);
        assertThat(changes).containsExactly(AttributeChange.of("throttle.rateLimit", 100.0, 12.5));
        handler.update(slow, live, changes, ctx);
        assertThat(handler.read(slow, ctx).orElseThrow().rateLimit()).isEqualTo(12.5);
    }

    @Test
    void deletingAPlanThatIsAlreadyGoneIsDone() {
        UsagePlanHandler.Live live = handler.create(spec(STAGE, 1000), ctx);
        apigateway.updateUsagePlan(r ->
                r.usagePlanId(live.id()).patchOperations(ApiGatewaySupport.remove("/apiStages", apiId + ":" + STAGE)));
        apigateway.deleteUsagePlan(r -> r.usagePlanId(live.id()));
        assertThat(handler.delete(live, DeletionPolicy.DELETE, ctx)).isEqualTo(DeleteResult.deleted());
    }

    @Test
    void onlyAPlanCarryingOurLogicalIdIsOurs() {
        apigateway.createUsagePlan(r -> r.name(PLAN).tags(Map.of("team", "other")));
        UsagePlanSpec spec = spec(STAGE, 1000);
        assertThat(handler.read(spec, ctx)).isEmpty();

        UsagePlanHandler.Live ours = handler.create(spec, ctx);
        assertThat(handler.read(spec, ctx)).map(UsagePlanHandler.Live::id).contains(ours.id());

        apigateway.createUsagePlan(r -> r.name(PLAN).tags(Map.of(Tags.LOGICAL_ID, PLAN_ID)));
        assertThatThrownBy(() -> handler.read(spec, ctx))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("cannot tell which one");
    }

    @Test
    void aStageKnownOnlyAfterApplyIsNeverSentToAws() {
        UsagePlanSpec planned = new UsagePlanSpec(
                PLAN, Unknown.of("api.rest", "restApiId"), STAGE, 100, 50, 1000, "MONTH", tags(PLAN_ID, PLAN));
        assertThatThrownBy(() -> handler.create(planned, ctx))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("restApiId not known yet");
        assertThat(calls.mutating()).isEmpty();
    }
}
