package dev.tapctl.resources.lambda;

import dev.tapctl.aws.Eventually;
import dev.tapctl.aws.TagDiff;
import dev.tapctl.engine.spi.AttributeChange;
import dev.tapctl.engine.spi.DeleteResult;
import dev.tapctl.engine.spi.DeletionPolicy;
import dev.tapctl.engine.spi.HandlerContext;
import dev.tapctl.engine.spi.Kind;
import dev.tapctl.engine.spi.ListsOrphans;
import dev.tapctl.engine.spi.Outputs;
import dev.tapctl.engine.spi.Ownership;
import dev.tapctl.engine.spi.Placeholders;
import dev.tapctl.engine.spi.ResourceHandler;
import dev.tapctl.engine.spi.SharedReads;
import dev.tapctl.engine.spi.Tagged;
import dev.tapctl.engine.spi.Unknown;
import dev.tapctl.stack.Kinds;
import dev.tapctl.stack.spec.FunctionSpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.waiters.WaiterOverrideConfiguration;
import software.amazon.awssdk.core.waiters.WaiterResponse;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.DeadLetterConfig;
import software.amazon.awssdk.services.lambda.model.Environment;
import software.amazon.awssdk.services.lambda.model.FunctionConfiguration;
import software.amazon.awssdk.services.lambda.model.GetFunctionResponse;
import software.amazon.awssdk.services.lambda.model.LastUpdateStatus;
import software.amazon.awssdk.services.lambda.model.LoggingConfig;
import software.amazon.awssdk.services.lambda.model.ResourceConflictException;
import software.amazon.awssdk.services.lambda.model.ResourceNotFoundException;
import software.amazon.awssdk.services.lambda.model.State;
import software.amazon.awssdk.services.lambda.waiters.LambdaWaiter;

/**
 * A Lambda function found by its name: code (by CodeSha256), runtime, handler, memory, timeout,
 * role, environment, dead-letter queue, logging configuration and tags. Code is uploaded only
 * when its hash differs, so an unchanged bundle is never sent again.
 *
 * <p>A null {@code logFormat}, {@code logGroup}, {@code applicationLogLevel} or
 * {@code systemLogLevel} in the spec leaves that setting to AWS (Text, {@code /aws/lambda/<name>},
 * INFO) and is not compared; a null {@code deadLetterTargetArn} means no dead-letter queue.
 */
public final class FunctionHandler implements ResourceHandler<FunctionSpec, FunctionHandler.Live>,
        ListsOrphans<FunctionHandler.Live> {

    /**
     * What Lambda says while a new execution role, or a policy just put on it, has not reached it
     * yet (IAM User Guide, "Changes that I make are not always immediately visible"): the role
     * "cannot be assumed", or (checking the dead-letter queue) it "does not have permissions to call
     * SendMessage on SQS". Both are InvalidParameterValueException, like real configuration errors,
     * so only these wordings are waited out.
     */
    static final String ROLE_NOT_ASSUMABLE = "cannot be assumed by Lambda";
    static final String ROLE_LACKS_PERMISSIONS = "The provided execution role does not have permissions";

    /**
     * {@code arn} is unqualified; {@code environment} is empty when the function has no variables;
     * {@code state} and {@code lastUpdateStatus} are Lambda's (Active, Successful, ...).
     */
    public record Live(String name, String arn, String runtime, String handler, Integer memoryMb,
                       Integer timeoutSeconds, String roleArn, String codeSha256, Map<String, String> environment,
                       String deadLetterTargetArn, String logFormat, String logGroup, String applicationLogLevel,
                       String systemLogLevel, String state, String lastUpdateStatus, Map<String, String> tags)
            implements Tagged {
        public Live {
            environment = Map.copyOf(environment);
            tags = Map.copyOf(tags);
        }
    }

    /** Attribute paths changed through UpdateFunctionConfiguration (code and tags have calls of their own). */
    private static final Set<String> CONFIGURATION = Set.of("runtime", "handler", "memoryMb", "timeoutSeconds",
            "roleArn", "environment", "deadLetterTargetArn", "logFormat", "logGroup", "applicationLogLevel",
            "systemLogLevel");

    private final LambdaClient lambda;
    private final LambdaWaiter waiter;
    private final Eventually eventually;

    /**
     * @param waits       how every readiness wait polls and how long it may take
     * @param eventually  how long to keep retrying a role Lambda cannot use yet
     */
    public FunctionHandler(LambdaClient lambda, WaiterOverrideConfiguration waits, Eventually eventually) {
        this.lambda = lambda;
        // Lambda's waiters give up after a fixed number of polls; let the configured timeout alone
        // bound each wait.
        WaiterOverrideConfiguration bounded = waits.maxAttempts().isPresent() ? waits
                : waits.toBuilder().maxAttempts(Integer.MAX_VALUE).build();
        this.waiter = LambdaWaiter.builder().client(lambda).overrideConfiguration(bounded).build();
        this.eventually = eventually;
    }

    @Override
    public Kind<FunctionSpec> kind() {
        return Kinds.FUNCTION;
    }

    @Override
    public Optional<Live> read(FunctionSpec desired, HandlerContext ctx) {
        if (Unknown.isUnknown(desired.name())) {
            return Optional.empty();
        }
        return readByName(desired.name());
    }

    /** One GetFunction: configuration and tags; empty when there is no such function. */
    private Optional<Live> readByName(String name) {
        GetFunctionResponse response;
        try {
            response = lambda.getFunction(r -> r.functionName(name));
        } catch (ResourceNotFoundException e) {
            return Optional.empty();
        }
        return Optional.of(live(response));
    }

    /**
     * ListFunctions (paginated; it carries no tags) narrowed to the environment's name prefix and
     * to names the configuration no longer has, then one GetFunction per such candidate for its
     * tags: only the functions tagged as this environment's are orphans.
     */
    @Override
    public List<Live> listOrphans(Ownership owner, SharedReads reads) {
        List<Live> orphans = new ArrayList<>();
        for (FunctionConfiguration function : lambda.listFunctionsPaginator().functions()) {
            String name = function.functionName();
            if (name == null || !name.startsWith(owner.namePrefix()) || owner.knownNames().contains(name)) {
                continue;
            }
            // Gone since the listing: nothing left to delete.
            readByName(name).filter(live -> owner.owns(live.tags())).ifPresent(orphans::add);
        }
        return orphans;
    }

    /** Removing a function from the configuration means deleting it; it holds no data. */
    @Override
    public DeletionPolicy orphanPolicy() {
        return DeletionPolicy.DELETE;
    }

    private static Live live(GetFunctionResponse response) {
        FunctionConfiguration config = response.configuration();
        Map<String, String> environment = config.environment() == null || config.environment().variables() == null
                ? Map.of() : new TreeMap<>(config.environment().variables());
        String deadLetter = config.deadLetterConfig() == null ? null : emptyToNull(config.deadLetterConfig().targetArn());
        LoggingConfig logging = config.loggingConfig();
        Map<String, String> tags = response.hasTags() ? new TreeMap<>(response.tags()) : Map.of();
        return new Live(config.functionName(), unqualified(config.functionArn()), config.runtimeAsString(),
                config.handler(), config.memorySize(), config.timeout(), config.role(), config.codeSha256(),
                environment, deadLetter,
                logging == null ? null : logging.logFormatAsString(),
                logging == null ? null : logging.logGroup(),
                logging == null ? null : logging.applicationLogLevelAsString(),
                logging == null ? null : logging.systemLogLevelAsString(),
                config.stateAsString(), config.lastUpdateStatusAsString(), tags);
    }

    @Override
    public List<AttributeChange> diff(FunctionSpec desired, Live live) {
        List<AttributeChange> changes = new ArrayList<>();
        compare(changes, "codeSha256", live.codeSha256(), desired.codeSha256());
        compare(changes, "runtime", live.runtime(), desired.runtime());
        compare(changes, "handler", live.handler(), desired.handler());
        compare(changes, "memoryMb", live.memoryMb(), desired.memoryMb());
        compare(changes, "timeoutSeconds", live.timeoutSeconds(), desired.timeoutSeconds());
        compare(changes, "roleArn", live.roleArn(), desired.roleArn());
        if (!live.environment().equals(desired.environment())) {
            changes.add(AttributeChange.of("environment", new TreeMap<>(live.environment()),
                    new TreeMap<>(desired.environment())));
        }
        compare(changes, "deadLetterTargetArn", live.deadLetterTargetArn(), desired.deadLetterTargetArn());
        compareIfOwned(changes, "logFormat", live.logFormat(), desired.logFormat());
        compareIfOwned(changes, "logGroup", live.logGroup(), desired.logGroup());
        compareIfOwned(changes, "applicationLogLevel", live.applicationLogLevel(), desired.applicationLogLevel());
        compareIfOwned(changes, "systemLogLevel", live.systemLogLevel(), desired.systemLogLevel());
        changes.addAll(TagDiff.diff(desired.tags(), live.tags()));
        return changes;
    }

    private static void compare(List<AttributeChange> changes, String path, Object live, Object desired) {
        if (!Objects.equals(live, desired)) {
            changes.add(AttributeChange.of(path, live, desired));
        }
    }

    private static void compareIfOwned(List<AttributeChange> changes, String path, String live, String desired) {
        if (desired != null && !desired.equals(live)) {
            changes.add(AttributeChange.of(path, live, desired));
        }
    }

    @Override
    public Live create(FunctionSpec desired, HandlerContext ctx) {
        requireKnown(desired);
        SdkBytes zip = code(desired);
        Map<String, String> tags = ctx.tagsToWrite(desired.tags());
        try {
            whileRoleNotUsable(desired, ctx, () -> lambda.createFunction(r -> r
                    .functionName(desired.name())
                    .runtime(desired.runtime())
                    .handler(desired.handler())
                    .memorySize(desired.memoryMb())
                    .timeout(desired.timeoutSeconds())
                    .role(desired.roleArn())
                    .code(c -> c.zipFile(zip))
                    .environment(Environment.builder().variables(desired.environment()).build())
                    .deadLetterConfig(desired.deadLetterTargetArn() == null ? null
                            : DeadLetterConfig.builder().targetArn(desired.deadLetterTargetArn()).build())
                    .loggingConfig(loggingConfig(desired))
                    .tags(tags)));
        } catch (ResourceConflictException e) {
            // A previous run created it and stopped before finishing: adopt it and reconcile.
            Live existing = read(desired, ctx).orElseThrow(() -> e);
            return update(desired, existing, diff(desired, existing), ctx);
        }
        ctx.status("waiting for active");
        GetFunctionResponse active = awaitReady(desired.name(), true);
        return live(active);
    }

    @Override
    public Live update(FunctionSpec desired, Live live, List<AttributeChange> changes, HandlerContext ctx) {
        requireKnown(desired);
        String name = live.name();
        Set<String> paths = changes.stream().map(AttributeChange::path).collect(Collectors.toSet());
        // Lambda refuses a change while another is in progress (ResourceConflictException).
        boolean mayBeBusy = !State.ACTIVE.toString().equals(live.state())
                || LastUpdateStatus.IN_PROGRESS.toString().equals(live.lastUpdateStatus());
        if (paths.contains("codeSha256")) {
            SdkBytes zip = code(desired);
            if (mayBeBusy) {
                awaitUpdated(name, ctx);
            }
            lambda.updateFunctionCode(r -> r.functionName(name).zipFile(zip));
            mayBeBusy = true;
        }
        if (paths.stream().anyMatch(CONFIGURATION::contains)) {
            if (mayBeBusy) {
                awaitUpdated(name, ctx);
            }
            whileRoleNotUsable(desired, ctx, () -> lambda.updateFunctionConfiguration(r -> r
                    .functionName(name)
                    .runtime(desired.runtime())
                    .handler(desired.handler())
                    .memorySize(desired.memoryMb())
                    .timeout(desired.timeoutSeconds())
                    .role(desired.roleArn())
                    .environment(Environment.builder().variables(desired.environment()).build())
                    .deadLetterConfig(paths.contains("deadLetterTargetArn") ? deadLetterChange(desired) : null)
                    .loggingConfig(loggingConfig(desired))));
            mayBeBusy = true;
        }
        if (mayBeBusy) {
            awaitUpdated(name, ctx);
        }
        Map<String, String> tags = ctx.tagsToWrite(desired.tags());
        lambda.tagResource(r -> r.resource(live.arn()).tags(tags));
        return read(desired, ctx).orElseThrow(() -> new IllegalStateException("function " + name
                + " disappeared while it was being updated"));
    }

    @Override
    public DeleteResult delete(Live live, DeletionPolicy policy, HandlerContext ctx) {
        if (policy == DeletionPolicy.RETAIN) {
            return DeleteResult.retained(live.name());
        }
        if (policy == DeletionPolicy.SNAPSHOT) {
            throw new IllegalArgumentException("function " + live.name()
                    + ": deletion policy SNAPSHOT is not supported for Lambda functions; use RETAIN or DELETE");
        }
        try {
            lambda.deleteFunction(r -> r.functionName(live.name()));
        } catch (ResourceNotFoundException e) {
            // Already gone: the goal of a delete.
        }
        return DeleteResult.deleted();
    }

    @Override
    public Outputs outputs(Live live) {
        return Outputs.of(FunctionSpec.NAME, live.name(), FunctionSpec.ARN, live.arn());
    }

    /** Runs a call that names the execution role, waiting out only a role Lambda cannot use yet. */
    private <T> T whileRoleNotUsable(FunctionSpec desired, HandlerContext ctx, Supplier<T> call) {
        return eventually.retry("role " + desired.roleArn() + " to be usable by Lambda",
                FunctionHandler::roleNotUsableYet, ctx::status, call);
    }

    static boolean roleNotUsableYet(Throwable e) {
        return Eventually.codeAndMessage("InvalidParameterValueException", ROLE_NOT_ASSUMABLE).test(e)
                || Eventually.codeAndMessage("InvalidParameterValueException", ROLE_LACKS_PERMISSIONS).test(e);
    }

    private GetFunctionResponse awaitReady(String name, boolean active) {
        try {
            WaiterResponse<GetFunctionResponse> response = active
                    ? waiter.waitUntilFunctionActiveV2(r -> r.functionName(name))
                    : waiter.waitUntilFunctionUpdatedV2(r -> r.functionName(name));
            return response.matched().response().orElseThrow();
        } catch (SdkClientException e) {
            // The waiter's own message says only that it failed; Lambda's StateReason says why.
            throw new IllegalStateException("function " + name + " did not become " + (active ? "active" : "updated")
                    + ": " + reason(name) + " (" + e.getMessage() + ")", e);
        }
    }

    private void awaitUpdated(String name, HandlerContext ctx) {
        ctx.status("waiting for the update to finish");
        awaitReady(name, false);
    }

    private String reason(String name) {
        try {
            FunctionConfiguration config = lambda.getFunction(r -> r.functionName(name)).configuration();
            return "state " + config.stateAsString() + " " + Objects.toString(config.stateReason(), "")
                    + ", last update " + config.lastUpdateStatusAsString() + " "
                    + Objects.toString(config.lastUpdateStatusReason(), "");
        } catch (AwsServiceException e) {
            return e.getMessage();
        }
    }

    /** An empty target is how a dead-letter queue is removed. */
    private static DeadLetterConfig deadLetterChange(FunctionSpec spec) {
        return DeadLetterConfig.builder()
                .targetArn(spec.deadLetterTargetArn() == null ? "" : spec.deadLetterTargetArn())
                .build();
    }

    /** Null when the spec leaves every logging setting to AWS. */
    private static LoggingConfig loggingConfig(FunctionSpec spec) {
        if (spec.logFormat() == null && spec.logGroup() == null && spec.applicationLogLevel() == null
                && spec.systemLogLevel() == null) {
            return null;
        }
        return LoggingConfig.builder()
                .logFormat(spec.logFormat())
                .logGroup(spec.logGroup())
                .applicationLogLevel(spec.applicationLogLevel())
                .systemLogLevel(spec.systemLogLevel())
                .build();
    }

    /**
     * The zip's bytes, checked against the spec's hash: uploading bytes other than the ones the
     * plan compared would leave a function whose CodeSha256 never matches, and re-upload forever.
     */
    private static SdkBytes code(FunctionSpec spec) {
        if (spec.codeZip() == null) {
            throw new IllegalStateException("function " + spec.name() + ": no code bundle to upload");
        }
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(spec.codeZip());
        } catch (IOException e) {
            throw new UncheckedIOException("function " + spec.name() + ": cannot read " + spec.codeZip(), e);
        }
        String sha = codeSha256(bytes);
        if (!sha.equals(spec.codeSha256())) {
            throw new IllegalStateException("function " + spec.name() + ": " + spec.codeZip() + " has CodeSha256 "
                    + sha + " but the spec expects " + spec.codeSha256() + " (was the bundle rebuilt since the plan?)");
        }
        return SdkBytes.fromByteArray(bytes);
    }

    /** Lambda's CodeSha256: the base64 of the SHA-256 of the zip's bytes. */
    public static String codeSha256(byte[] zip) {
        try {
            return Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256").digest(zip));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is a required JDK algorithm", e);
        }
    }

    /** GetFunction without a qualifier answers for $LATEST; dependants want the unqualified ARN. */
    private static String unqualified(String arn) {
        return arn != null && arn.endsWith(":$LATEST") ? arn.substring(0, arn.length() - ":$LATEST".length()) : arn;
    }

    private static String emptyToNull(String value) {
        return value == null || value.isEmpty() ? null : value;
    }

    /** A "known after apply" placeholder must never reach AWS: it would be stored as if it were real. */
    private static void requireKnown(FunctionSpec spec) {
        new Placeholders()
                .check("applicationLogLevel", spec.applicationLogLevel())
                .check("codeSha256", spec.codeSha256())
                .check("deadLetterTargetArn", spec.deadLetterTargetArn())
                .checkAll("environment", spec.environment())
                .check("handler", spec.handler())
                .check("logFormat", spec.logFormat())
                .check("logGroup", spec.logGroup())
                .check("name", spec.name())
                .check("roleArn", spec.roleArn())
                .check("runtime", spec.runtime())
                .check("systemLogLevel", spec.systemLogLevel())
                .checkTags(spec.tags())
                .requireKnown("function " + spec.name());
    }
}
