package dev.tapctl.resources.apigateway;

import static dev.tapctl.resources.apigateway.ApiGatewaySupport.deleted;
import static dev.tapctl.resources.apigateway.ApiGatewaySupport.number;
import static dev.tapctl.resources.apigateway.ApiGatewaySupport.remove;
import static dev.tapctl.resources.apigateway.ApiGatewaySupport.replace;

import dev.tapctl.engine.spi.AttributeChange;
import dev.tapctl.engine.spi.DeleteResult;
import dev.tapctl.engine.spi.DeletionPolicy;
import dev.tapctl.engine.spi.HandlerContext;
import dev.tapctl.engine.spi.Outputs;
import dev.tapctl.engine.spi.ReadsUpstreamOutputs;
import dev.tapctl.engine.spi.Tagged;
import dev.tapctl.engine.spi.Unknown;
import dev.tapctl.resources.support.Diff;
import dev.tapctl.resources.support.Missing;
import dev.tapctl.stack.Kinds;
import dev.tapctl.stack.spec.StageSpec;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import software.amazon.awssdk.services.apigateway.ApiGatewayClient;
import software.amazon.awssdk.services.apigateway.model.AccessLogSettings;
import software.amazon.awssdk.services.apigateway.model.ConflictException;
import software.amazon.awssdk.services.apigateway.model.GetStageResponse;
import software.amazon.awssdk.services.apigateway.model.MethodSetting;
import software.amazon.awssdk.services.apigateway.model.NotFoundException;

/**
 * A stage of a REST API, found by API id and stage name. The deployment it serves records the
 * definition it was made from in its description ({@code tapctl:<fingerprint>}), so a changed
 * definition is deployed once, and an unchanged one never again. Stage-wide throttling lives in
 * the {@code *}{@code /*} method settings; access logs go to a CloudWatch Logs group.
 */
public final class StageHandler extends ApiGatewayHandler<StageSpec, StageHandler.Live>
        // Read once upstream outputs are known: a stage is found by its REST API's id.
        implements ReadsUpstreamOutputs<StageSpec> {
    static final String FINGERPRINT_PREFIX = "tapctl:";
    /** Method settings of every resource and method: what "stage-wide" means to API Gateway. */
    static final String ALL_METHODS = "*/*";

    static final String RATE_LIMIT_PATH = "/*/*/throttling/rateLimit";
    static final String BURST_LIMIT_PATH = "/*/*/throttling/burstLimit";

    /**
     * {@code definitionFingerprint} is null when the deployment was not made by tapctl;
     * {@code rateLimit} / {@code burstLimit} are null when the stage has no {@code *}{@code /*}
     * settings; the access log fields are null when access logging is off.
     */
    public record Live(
            String restApiId,
            String stageName,
            String deploymentId,
            String definitionFingerprint,
            Double rateLimit,
            Integer burstLimit,
            String accessLogDestinationArn,
            String accessLogFormat,
            Map<String, String> tags)
            implements Tagged {
        public Live {
            tags = Map.copyOf(tags);
        }
    }

    public StageHandler(ApiGatewayClient apigateway) {
        super(apigateway, Kinds.STAGE);
    }

    /**
     * The stage is found by its API and name alone, so a plan reads it as soon as the API's id is
     * known, beside the routes rather than after them: the deployment's fingerprint, which needs
     * the routes' outputs, is what its decision compares.
     */
    @Override
    public Object readsBy(StageSpec spec) {
        return List.of(spec.restApiId(), spec.stageName());
    }

    @Override
    public Optional<Live> read(StageSpec desired, HandlerContext ctx) {
        // The API is created in the same run: until then there is no stage to look for.
        if (Unknown.isUnknown(desired.restApiId()) || Unknown.isUnknown(desired.stageName())) {
            return Optional.empty();
        }
        // In a plan the stage's own record of its deployment's fingerprint spares a round of calls.
        return read(desired.restApiId(), desired.stageName(), ctx.reads().shared());
    }

    /**
     * GetStage, then (unless {@code recordTrusted} and the stage's description records the
     * fingerprint of the deployment it serves) GetDeployment. Outside a plan there is no round to
     * spare, and a read-back asks the deployment itself, which also checks the record just written.
     */
    private Optional<Live> read(String restApiId, String stageName, boolean recordTrusted) {
        // NotFound: "Invalid stage identifier specified", or the API itself is gone.
        return Missing.orEmpty(
                        () -> apigateway.getStage(r -> r.restApiId(restApiId).stageName(stageName)),
                        NotFoundException.class)
                .map(stage -> live(restApiId, stage, recordTrusted));
    }

    private Live live(String restApiId, GetStageResponse stage, boolean recordTrusted) {
        MethodSetting all = stage.methodSettings().get(ALL_METHODS);
        AccessLogSettings logs = stage.accessLogSettings();
        return new Live(
                restApiId,
                stage.stageName(),
                stage.deploymentId(),
                (recordTrusted ? recordedFingerprint(stage) : Optional.<String>empty())
                        .orElseGet(() -> fingerprint(restApiId, stage.deploymentId())),
                all == null ? null : all.throttlingRateLimit(),
                all == null ? null : all.throttlingBurstLimit(),
                logs == null ? null : blankToNull(logs.destinationArn()),
                logs == null ? null : blankToNull(logs.format()),
                ApiGatewaySupport.tagsOf(stage.tags()));
    }

    /**
     * The stage's description as tapctl writes it when it points the stage at a deployment it
     * made: {@code tapctl:<deployment id>:<fingerprint>}, the fingerprint the deployment's own
     * description holds, so that a read needs no GetDeployment after GetStage (a round of calls
     * less in a plan). The deployment a stage serves is made once and never changed, so the
     * record stays true as long as the stage serves the deployment it names.
     */
    static String describing(String deploymentId, String fingerprint) {
        return FINGERPRINT_PREFIX + deploymentId + ":" + fingerprint;
    }

    /**
     * The fingerprint the stage's description records for the deployment it serves; empty when
     * it records none, or one of another deployment (the stage was pointed elsewhere, by hand or
     * by a run that stopped between the two writes): then the deployment itself is asked.
     */
    private static Optional<String> recordedFingerprint(GetStageResponse stage) {
        String description = stage.description();
        if (stage.deploymentId() == null || description == null) {
            return Optional.empty();
        }
        String served = FINGERPRINT_PREFIX + stage.deploymentId() + ":";
        return description.startsWith(served) && description.length() > served.length()
                ? Optional.of(description.substring(served.length()))
                : Optional.empty();
    }

    /** The fingerprint in the description of the deployment the stage serves (one GetDeployment). */
    private String fingerprint(String restApiId, String deploymentId) {
        if (deploymentId == null) {
            return null;
        }
        return Missing.orEmpty(
                        () -> apigateway
                                .getDeployment(r -> r.restApiId(restApiId).deploymentId(deploymentId))
                                .description(),
                        NotFoundException.class)
                .filter(description -> description.startsWith(FINGERPRINT_PREFIX))
                .map(description -> description.substring(FINGERPRINT_PREFIX.length()))
                .orElse(null);
    }

    @Override
    public List<AttributeChange> diff(StageSpec desired, Live live) {
        return Diff.of(desired, live)
                .fields("definitionFingerprint")
                .field(
                        "throttling.rateLimit",
                        StageSpec::rateLimit,
                        Live::rateLimit,
                        (want, have) -> have != null && Double.compare(have, want) == 0)
                .field("throttling.burstLimit", StageSpec::burstLimit, Live::burstLimit)
                // A blank destination or format is none.
                .field(
                        "accessLogSettings.destinationArn",
                        StageSpec::accessLogDestinationArn,
                        Live::accessLogDestinationArn,
                        (want, have) -> Objects.equals(blankToNull(want), have))
                .field(
                        "accessLogSettings.format",
                        StageSpec::accessLogFormat,
                        Live::accessLogFormat,
                        (want, have) -> Objects.equals(blankToNull(want), have))
                .tags()
                .changes();
    }

    @Override
    protected Live createKnown(StageSpec desired, HandlerContext ctx) {
        String apiId = desired.restApiId();
        // Without a stage name CreateDeployment makes only the deployment; the stage is created
        // next, with its tags, so that it never exists untagged.
        String deploymentId = deploy(desired, ctx);
        try {
            apigateway.createStage(r -> r.restApiId(apiId)
                    .stageName(desired.stageName())
                    .deploymentId(deploymentId)
                    .description(describing(deploymentId, desired.definitionFingerprint()))
                    .tags(ctx.tagsToWrite(desired.tags())));
        } catch (ConflictException e) {
            // A previous run created the stage and stopped before recording it: adopt, serve the
            // deployment just made, and reconcile the rest.
            Live existing = read(apiId, desired.stageName(), false).orElseThrow(() -> e);
            Patch patch = Patch.of(diff(desired, existing));
            serve(patch, deploymentId, desired);
            send(apiId, desired.stageName(), settings(desired, existing, patch));
            tag(desired, ctx);
            return reread(desired);
        }
        // CreateStage takes neither method settings nor access log settings.
        send(apiId, desired.stageName(), settings(desired, null, Patch.all()));
        return reread(desired);
    }

    @Override
    protected Live updateKnown(StageSpec desired, Live live, List<AttributeChange> changes, HandlerContext ctx) {
        Patch patch = Patch.of(changes);
        if (patch.changed("definitionFingerprint")) {
            serve(patch, deploy(desired, ctx), desired);
        }
        send(live.restApiId(), live.stageName(), settings(desired, live, patch));
        tag(desired, ctx);
        return reread(desired);
    }

    /** A new deployment of the API's current definition, labelled with its fingerprint. */
    private String deploy(StageSpec desired, HandlerContext ctx) {
        ctx.status("deploying");
        return apigateway
                .createDeployment(r -> r.restApiId(desired.restApiId())
                        .description(FINGERPRINT_PREFIX + desired.definitionFingerprint()))
                .id();
    }

    /** Adds to {@code patch} what points the stage at {@code deploymentId}, recording it and its fingerprint in the description ({@link #describing}). */
    private static void serve(Patch patch, String deploymentId, StageSpec desired) {
        patch.add(replace("/deploymentId", deploymentId))
                .add(replace("/description", describing(deploymentId, desired.definitionFingerprint())));
    }

    /**
     * Adds the operations for throttling and access logging that {@code patch} finds changed (all
     * of them for a new stage, {@code live} null). Access logging needs the account's CloudWatch
     * role, or AWS refuses it.
     */
    private static Patch settings(StageSpec desired, Live live, Patch patch) {
        patch.replace("throttling.rateLimit", RATE_LIMIT_PATH, number(desired.rateLimit()))
                .replace("throttling.burstLimit", BURST_LIMIT_PATH, Integer.toString(desired.burstLimit()));
        boolean logs = patch.changed("accessLogSettings.destinationArn") || patch.changed("accessLogSettings.format");
        String destination = blankToNull(desired.accessLogDestinationArn());
        if (logs && destination == null) {
            if (live != null && live.accessLogDestinationArn() != null) {
                patch.add(remove("/accessLogSettings", null));
            }
        } else if (logs) {
            patch.add(replace("/accessLogSettings/destinationArn", destination))
                    .add(replace("/accessLogSettings/format", desired.accessLogFormat()));
        }
        return patch;
    }

    private void send(String restApiId, String stageName, Patch patch) {
        patch.send(operations -> apigateway.updateStage(
                r -> r.restApiId(restApiId).stageName(stageName).patchOperations(operations)));
    }

    private void tag(StageSpec desired, HandlerContext ctx) {
        ApiGatewaySupport.tag(
                apigateway,
                ApiGatewaySupport.stageArn(apigateway, desired.restApiId(), desired.stageName()),
                ctx.tagsToWrite(desired.tags()));
    }

    private Live reread(StageSpec desired) {
        return read(desired.restApiId(), desired.stageName(), false)
                .orElseThrow(() -> new IllegalStateException("stage " + desired.stageName() + " of REST API "
                        + desired.restApiId() + " was written but cannot be read back"));
    }

    @Override
    public DeleteResult delete(Live live, DeletionPolicy policy, HandlerContext ctx) {
        // The deployments stay with the API (and go when it is deleted). NotFound: the stage, or its API, is gone.
        return deleted(
                () -> apigateway.deleteStage(r -> r.restApiId(live.restApiId()).stageName(live.stageName())));
    }

    @Override
    public Outputs outputs(Live live) {
        return Outputs.of(
                StageSpec.STAGE_NAME,
                live.stageName(),
                StageSpec.INVOKE_URL,
                ApiGatewaySupport.invokeUrl(apigateway, live.restApiId(), live.stageName()),
                StageSpec.ARN,
                ApiGatewaySupport.stageArn(apigateway, live.restApiId(), live.stageName()));
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
