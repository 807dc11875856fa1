package dev.tapctl.resources.apigateway;

import static dev.tapctl.testing.HandlerFixture.tags;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import dev.tapctl.aws.AwsClients;
import dev.tapctl.engine.PlanReads;
import dev.tapctl.engine.spi.AttributeChange;
import dev.tapctl.engine.spi.DeleteResult;
import dev.tapctl.engine.spi.DeletionPolicy;
import dev.tapctl.engine.spi.Tags;
import dev.tapctl.engine.spi.Unknown;
import dev.tapctl.stack.spec.StageSpec;
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
import software.amazon.awssdk.services.apigateway.model.BadRequestException;
import software.amazon.awssdk.services.apigateway.model.Deployment;

@ExtendWith(EmulatorExtension.class)
class StageHandlerTest {
    private static final String STAGE_ID = "api.stage";
    private static final String STAGE = "v1";
    private static final String FORMAT = "{\"requestId\":\"$context.requestId\",\"status\":\"$context.status\"}";

    private final CallLog calls = new CallLog();
    private final TestContext ctx = new TestContext(STAGE_ID, "hash-1");
    private AwsClients clients;
    private ApiGatewayClient apigateway;
    private StageHandler handler;
    private String apiId;
    private String logGroupArn;

    @BeforeEach
    void setUp(Emulator emulator) {
        clients = HandlerFixture.clients(emulator, calls);
        apigateway = clients.apigateway();
        handler = new StageHandler(apigateway);
        apiId = ApiGatewayTestSupport.deployableApi(apigateway);
        logGroupArn =
                "arn:aws:logs:" + emulator.region() + ":" + emulator.accountId() + ":log-group:/tap/test/api-access";
        // Access logging needs the account's CloudWatch role (what api.account sets).
        String role = ApiGatewayTestSupport.loggingRole(clients, "tap-test-apigateway-logs");
        apigateway.updateAccount(r -> r.patchOperations(ApiGatewaySupport.replace("/cloudwatchRoleArn", role)));
        calls.clear();
    }

    @AfterEach
    void tearDown() {
        clients.close();
    }

    private StageSpec spec(String fingerprint, double rate, int burst) {
        return new StageSpec(apiId, STAGE, fingerprint, rate, burst, logGroupArn, FORMAT, tags(STAGE_ID, STAGE));
    }

    @Test
    void inAPlanAStageIsOneGetStageWhileItServesTheDeploymentItsDescriptionNames() {
        StageSpec spec = spec("fp-1", 100, 50);
        StageHandler.Live created = handler.create(spec, ctx);
        calls.clear();

        StageHandler.Live planned =
                handler.read(spec, ctx.sharing(new PlanReads())).orElseThrow();

        assertThat(planned).isEqualTo(created);
        assertThat(planned.definitionFingerprint()).isEqualTo("fp-1");
        assertThat(calls.calls()).extracting(CallLog.Call::operation).containsExactly("GetStage");
        assertThat(apigateway.getStage(r -> r.restApiId(apiId).stageName(STAGE)).description())
                .as("the stage records its deployment and the definition it was made from")
                .isEqualTo("tapctl:" + created.deploymentId() + ":fp-1");

        // Someone points the stage at another deployment: its record no longer names what it serves.
        String other = apigateway
                .createDeployment(r -> r.restApiId(apiId).description("tapctl:fp-other"))
                .id();
        apigateway.updateStage(r ->
                r.restApiId(apiId).stageName(STAGE).patchOperations(ApiGatewaySupport.replace("/deploymentId", other)));
        calls.clear();

        StageHandler.Live repointed =
                handler.read(spec, ctx.sharing(new PlanReads())).orElseThrow();

        assertThat(repointed.definitionFingerprint())
                .as("the deployment itself asked")
                .isEqualTo("fp-other");
        assertThat(calls.calls()).extracting(CallLog.Call::operation).containsExactly("GetStage", "GetDeployment");
        List<AttributeChange> changes = handler.diff(spec, repointed);
        assertThat(changes).extracting(AttributeChange::path).containsExactly("definitionFingerprint");

        // The update deploys again and records the new deployment: one GetStage again.
        handler.update(spec, repointed, changes, ctx);
        calls.clear();
        StageHandler.Live redeployed =
                handler.read(spec, ctx.sharing(new PlanReads())).orElseThrow();
        assertThat(redeployed.definitionFingerprint()).isEqualTo("fp-1");
        assertThat(redeployed.deploymentId()).isNotEqualTo(other);
        assertThat(calls.calls()).extracting(CallLog.Call::operation).containsExactly("GetStage");
    }

    /**
     * A plan reads the stage before its fingerprint is known (the routes are read beside it), by
     * what {@code readsBy} names, and keeps that read when those agree with the spec decided:
     * so the read must depend on nothing else of the spec.
     */
    @Test
    void theReadDependsOnlyOnWhatReadsByNames() {
        StageSpec spec = spec("fp-1", 100, 50);
        handler.create(spec, ctx);
        StageSpec early = new StageSpec(
                apiId,
                STAGE,
                Unknown.of("api.routes", "fingerprint"),
                1,
                1,
                Unknown.of("api.logs", "arn"),
                "other",
                Map.of());

        assertThat(handler.readsBy(early)).isEqualTo(handler.readsBy(spec));
        assertThat(handler.read(early, ctx.sharing(new PlanReads())))
                .isEqualTo(handler.read(spec, ctx.sharing(new PlanReads())))
                .isPresent();
        assertThat(handler.readsBy(spec("fp-1", 100, 50)))
                .isNotEqualTo(handler.readsBy(
                        new StageSpec("other-api", STAGE, "fp-1", 100, 50, logGroupArn, FORMAT, Map.of())));
    }

    @Test
    void lifecycleRepairsDriftAndDeletes(Emulator emulator) {
        StageSpec spec = spec("fp-1", 100, 50);
        StageHandler.Live created = handler.create(spec, ctx);
        assertThat(calls.mutating())
                .extracting(CallLog.Call::operation)
                .containsExactly("CreateDeployment", "CreateStage", "UpdateStage");

        calls.clear();
        StageHandler.Live live = handler.read(spec, ctx).orElseThrow();
        assertThat(live).isEqualTo(created);
        assertThat(live.restApiId()).isEqualTo(apiId);
        assertThat(live.stageName()).isEqualTo(STAGE);
        assertThat(live.definitionFingerprint()).isEqualTo("fp-1");
        assertThat(live.rateLimit()).isEqualTo(100.0);
        assertThat(live.burstLimit()).isEqualTo(50);
        assertThat(live.accessLogDestinationArn()).isEqualTo(logGroupArn);
        assertThat(live.accessLogFormat()).isEqualTo(FORMAT);
        assertThat(live.tags()).containsAllEntriesOf(spec.tags()).containsEntry(Tags.SPEC_HASH, "hash-1");
        assertThat(handler.diff(spec, live)).isEmpty();
        assertThat(calls.calls()).extracting(CallLog.Call::operation).containsExactly("GetStage", "GetDeployment");
        assertThat(apigateway
                        .getDeployment(r -> r.restApiId(apiId).deploymentId(live.deploymentId()))
                        .description())
                .as("the deployment records the definition it was made from")
                .isEqualTo("tapctl:fp-1");
        assertThat(handler.outputs(live).values())
                .containsOnly(
                        entry("stageName", STAGE),
                        entry(
                                "invokeUrl",
                                "https://" + apiId + ".execute-api." + emulator.region() + ".amazonaws.com/" + STAGE),
                        entry(
                                "arn",
                                "arn:aws:apigateway:" + emulator.region() + "::/restapis/" + apiId + "/stages/"
                                        + STAGE));

        // Someone lowers the stage-wide rate outside tapctl.
        apigateway.updateStage(r -> r.restApiId(apiId)
                .stageName(STAGE)
                .patchOperations(ApiGatewaySupport.replace("/*/*/throttling/rateLimit", "5")));
        StageHandler.Live drifted = handler.read(spec, ctx).orElseThrow();
        List<AttributeChange> changes = handler.diff(spec, drifted);
        assertThat(changes).containsExactly(AttributeChange.of("throttling.rateLimit", 5.0, 100.0));

        calls.clear();
        StageHandler.Live updated = handler.update(spec, drifted, changes, new TestContext(STAGE_ID, "hash-2"));
        assertThat(calls.mutating())
                .extracting(CallLog.Call::operation)
                .as("throttling is repaired without a new deployment")
                .containsExactly("UpdateStage", "TagResource");
        StageHandler.Live repaired = handler.read(spec, ctx).orElseThrow();
        assertThat(handler.diff(spec, repaired)).isEmpty();
        assertThat(repaired.deploymentId()).isEqualTo(live.deploymentId());
        assertThat(repaired.tags()).containsEntry(Tags.SPEC_HASH, "hash-2");
        assertThat(updated).isEqualTo(repaired);

        calls.clear();
        assertThat(handler.delete(repaired, DeletionPolicy.DELETE, ctx)).isEqualTo(DeleteResult.deleted());
        assertThat(calls.mutating()).extracting(CallLog.Call::operation).containsExactly("DeleteStage");
        assertThat(handler.read(spec, ctx)).isEmpty();
        assertThat(handler.delete(repaired, DeletionPolicy.DELETE, ctx))
                .as("already gone")
                .isEqualTo(DeleteResult.deleted());
    }

    @Test
    void aNewFingerprintMakesExactlyOneDeployment() {
        StageHandler.Live first = handler.create(spec("fp-1", 100, 50), ctx);
        assertThat(deployments()).hasSize(1);

        StageSpec same = spec("fp-1", 100, 50);
        assertThat(handler.diff(same, handler.read(same, ctx).orElseThrow()))
                .as("same definition, nothing to deploy")
                .isEmpty();

        StageSpec changed = spec("fp-2", 100, 50);
        StageHandler.Live live = handler.read(changed, ctx).orElseThrow();
        List<AttributeChange> changes = handler.diff(changed, live);
        assertThat(changes).containsExactly(AttributeChange.of("definitionFingerprint", "fp-1", "fp-2"));

        calls.clear();
        StageHandler.Live deployed = handler.update(changed, live, changes, ctx);
        assertThat(calls.mutating())
                .extracting(CallLog.Call::operation)
                .containsExactly("CreateDeployment", "UpdateStage", "TagResource");
        assertThat(deployments()).hasSize(2);
        assertThat(deployed.deploymentId()).isNotEqualTo(first.deploymentId());
        assertThat(deployed.definitionFingerprint()).isEqualTo("fp-2");

        calls.clear();
        assertThat(handler.diff(changed, handler.read(changed, ctx).orElseThrow()))
                .isEmpty();
        assertThat(calls.mutating()).isEmpty();
        assertThat(deployments()).hasSize(2);
    }

    @Test
    void anApiNotCreatedYetMeansNoStageAndNoCall() {
        StageSpec planned = new StageSpec(
                Unknown.of("api.rest", "restApiId"),
                STAGE,
                Unknown.of("api.rest", "fp"),
                100,
                50,
                logGroupArn,
                FORMAT,
                tags(STAGE_ID, STAGE));
        assertThat(handler.read(planned, ctx)).isEmpty();
        assertThat(calls.calls()).isEmpty();
        assertThatThrownBy(() -> handler.create(planned, ctx))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("restApiId, definitionFingerprint not known yet");
        assertThat(calls.calls()).isEmpty();
    }

    @Test
    void aStageOfAnApiThatIsGoneIsAbsent() {
        StageSpec spec = spec("fp-1", 100, 50);
        handler.create(spec, ctx);
        apigateway.deleteRestApi(r -> r.restApiId(apiId));
        assertThat(handler.read(spec, ctx)).isEmpty();
    }

    @Test
    void accessLoggingCanBeTurnedOff() {
        handler.create(spec("fp-1", 100, 50), ctx);
        StageSpec quiet = new StageSpec(apiId, STAGE, "fp-1", 100, 50, null, null, tags(STAGE_ID, STAGE));
        StageHandler.Live live = handler.read(quiet, ctx).orElseThrow();
        List<AttributeChange> changes = handler.diff(quiet, live);
        assertThat(changes)
                .containsExactlyInAnyOrder(
                        AttributeChange.of("accessLogSettings.destinationArn", logGroupArn, null),
                        AttributeChange.of("accessLogSettings.format", FORMAT, null));
        handler.update(quiet, live, changes, ctx);
        StageHandler.Live after = handler.read(quiet, ctx).orElseThrow();
        assertThat(after.accessLogDestinationArn()).isNull();
        assertThat(handler.diff(quiet, after)).isEmpty();
    }

    @Test
    void accessLoggingWithoutTheAccountRoleIsRefusedByAws(Emulator emulator) {
        emulator.reset();
        apiId = ApiGatewayTestSupport.deployableApi(apigateway);
        assertThatThrownBy(() -> handler.create(spec("fp-1", 100, 50), ctx))
                .isInstanceOf(BadRequestException.class)
                .hasMessageContaining("CloudWatch Logs role ARN must be set in account settings to enable logging");
    }

    private List<Deployment> deployments() {
        return apigateway.getDeploymentsPaginator(r -> r.restApiId(apiId)).items().stream()
                .toList();
    }
}
