package dev.tapctl.resources.lambda;

import dev.tapctl.aws.Eventually;
import dev.tapctl.engine.spi.AttributeChange;
import dev.tapctl.engine.spi.DeleteResult;
import dev.tapctl.engine.spi.DeletionPolicy;
import dev.tapctl.engine.spi.HandlerContext;
import dev.tapctl.engine.spi.ListsOrphans;
import dev.tapctl.engine.spi.Ownership;
import dev.tapctl.engine.spi.SharedReads;
import dev.tapctl.engine.spi.Tagged;
import dev.tapctl.engine.spi.TransientState;
import dev.tapctl.engine.spi.Unknown;
import dev.tapctl.resources.logs.LogGroupListing;
import dev.tapctl.resources.support.AwsResourceHandler;
import dev.tapctl.resources.support.Diff;
import dev.tapctl.resources.support.Missing;
import dev.tapctl.stack.Kinds;
import dev.tapctl.stack.spec.FunctionSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.BiPredicate;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.waiters.WaiterOverrideConfiguration;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.FunctionConfiguration;
import software.amazon.awssdk.services.lambda.model.GetFunctionResponse;
import software.amazon.awssdk.services.lambda.model.LastUpdateStatus;
import software.amazon.awssdk.services.lambda.model.LoggingConfig;
import software.amazon.awssdk.services.lambda.model.ResourceConflictException;
import software.amazon.awssdk.services.lambda.model.ResourceNotFoundException;
import software.amazon.awssdk.services.lambda.model.State;

/**
 * A Lambda function found by its name: code (by CodeSha256), runtime, handler, memory, timeout,
 * role, environment, dead-letter queue, logging configuration and tags. Code is uploaded only
 * when its hash differs, so an unchanged bundle is never sent again.
 *
 * <p>A null {@code logFormat}, {@code logGroup}, {@code applicationLogLevel} or
 * {@code systemLogLevel} in the spec leaves that setting to AWS (Text, {@code /aws/lambda/<name>},
 * INFO) and is not compared; a null {@code deadLetterTargetArn} means no dead-letter queue.
 */
public final class FunctionHandler extends AwsResourceHandler<FunctionSpec, FunctionHandler.Live>
        implements ListsOrphans<FunctionHandler.Live> {

    /**
     * {@code arn} is unqualified; {@code environment} is empty when the function has no variables;
     * {@code state} and {@code lastUpdateStatus} are Lambda's (Active, Successful, ...).
     */
    public record Live(
            String name,
            String arn,
            String runtime,
            String handler,
            Integer memoryMb,
            Integer timeoutSeconds,
            String roleArn,
            String codeSha256,
            Map<String, String> environment,
            String deadLetterTargetArn,
            String logFormat,
            String logGroup,
            String applicationLogLevel,
            String systemLogLevel,
            @TransientState String state,
            @TransientState String lastUpdateStatus,
            Map<String, String> tags)
            implements Tagged {
        public Live {
            environment = Map.copyOf(environment);
            tags = Map.copyOf(tags);
        }

        static Live of(GetFunctionResponse response) {
            FunctionConfiguration config = response.configuration();
            Map<String, String> environment =
                    config.environment() == null || config.environment().variables() == null
                            ? Map.of()
                            : new TreeMap<>(config.environment().variables());
            String deadLetter = config.deadLetterConfig() == null
                    ? null
                    : emptyToNull(config.deadLetterConfig().targetArn());
            LoggingConfig logging = config.loggingConfig();
            Map<String, String> tags = response.hasTags() ? new TreeMap<>(response.tags()) : Map.of();
            return new Live(
                    config.functionName(),
                    unqualified(config.functionArn()),
                    config.runtimeAsString(),
                    config.handler(),
                    config.memorySize(),
                    config.timeout(),
                    config.role(),
                    config.codeSha256(),
                    environment,
                    deadLetter,
                    logging == null ? null : logging.logFormatAsString(),
                    logging == null ? null : logging.logGroup(),
                    logging == null ? null : logging.applicationLogLevelAsString(),
                    logging == null ? null : logging.systemLogLevelAsString(),
                    config.stateAsString(),
                    config.lastUpdateStatusAsString(),
                    tags);
        }

        /** GetFunction without a qualifier answers for $LATEST; dependants want the unqualified ARN. */
        private static String unqualified(String arn) {
            return arn != null && arn.endsWith(":$LATEST") ? arn.substring(0, arn.length() - ":$LATEST".length()) : arn;
        }

        private static String emptyToNull(String value) {
            return value == null || value.isEmpty() ? null : value;
        }
    }

    /** Attribute paths changed through UpdateFunctionConfiguration (code and tags have calls of their own). */
    private static final Set<String> CONFIGURATION = Set.of(
            "runtime",
            "handler",
            "memoryMb",
            "timeoutSeconds",
            "roleArn",
            "environment",
            "deadLetterTargetArn",
            "logFormat",
            "logGroup",
            "applicationLogLevel",
            "systemLogLevel");

    /** A logging setting the spec leaves to AWS (null) is not compared. */
    private static final BiPredicate<String, String> UNLESS_LEFT_TO_AWS =
            (want, have) -> want == null || want.equals(have);

    /** Where Lambda sends a function's logs: {@code /aws/lambda/<function name>}. */
    private static final String LOG_GROUP_PREFIX = "/aws/lambda/";

    private final LambdaClient lambda;
    private final CloudWatchLogsClient logs;
    private final FunctionReadiness readiness;
    private final Eventually eventually;

    /**
     * @param logs        where the functions' log groups are listed, to find orphans
     * @param waits       how every readiness wait polls and how long it may take
     * @param eventually  how long to keep retrying a role Lambda cannot use yet
     */
    public FunctionHandler(
            LambdaClient lambda, CloudWatchLogsClient logs, WaiterOverrideConfiguration waits, Eventually eventually) {
        super(Kinds.FUNCTION);
        this.lambda = lambda;
        this.logs = logs;
        this.readiness = new FunctionReadiness(lambda, waits);
        this.eventually = eventually;
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
        return Missing.orEmpty(() -> lambda.getFunction(r -> r.functionName(name)), ResourceNotFoundException.class)
                .map(Live::of);
    }

    /**
     * The environment's functions the configuration no longer has, found through their log
     * groups: Lambda's ListFunctions has no name or tag filter, so it answers every function of the
     * account (50 a page). Lambda sends a function's logs to {@code /aws/lambda/<function name>}
     * ("Sending Lambda function logs to CloudWatch Logs", AWS Lambda Developer Guide,
     * https://docs.aws.amazon.com/lambda/latest/dg/monitoring-cloudwatchlogs.html), and tapctl
     * makes that group for each function, before it and deleted after it (a function depends on
     * its group), so the plan's DescribeLogGroups of {@code /aws/lambda/<namePrefix>}, which the log
     * groups' own reads share, names every candidate. Then one GetFunction per name the
     * configuration no longer has, for its tags: only the functions tagged as this environment's
     * are orphans. A function whose group someone deleted by hand is not found. An orphan is
     * deleted (the default policy): a function holds no data.
     */
    @Override
    public List<Live> listOrphans(Ownership owner, SharedReads reads) {
        String groupPrefix = LogGroupListing.Family.FUNCTIONS.prefix(owner.project(), owner.env());
        List<Live> orphans = new ArrayList<>();
        for (String group : LogGroupListing.of(
                        logs, reads, LogGroupListing.Family.FUNCTIONS, owner.project(), owner.env())
                .keySet()) {
            String name = group.substring(LOG_GROUP_PREFIX.length());
            if (!group.startsWith(groupPrefix) || owner.knownNames().contains(name)) {
                continue;
            }
            // No such function (its group outlived it), or gone since the listing: nothing to delete.
            readByName(name).filter(live -> owner.owns(live.tags())).ifPresent(orphans::add);
        }
        return orphans;
    }

    @Override
    public List<AttributeChange> diff(FunctionSpec desired, Live live) {
        return Diff.of(desired, live)
                .fields("codeSha256", "runtime", "handler", "memoryMb", "timeoutSeconds", "roleArn")
                // Shown in key order.
                .field("environment", spec -> new TreeMap<>(spec.environment()), l -> new TreeMap<>(l.environment()))
                .fields("deadLetterTargetArn")
                .field("logFormat", FunctionSpec::logFormat, Live::logFormat, UNLESS_LEFT_TO_AWS)
                .field("logGroup", FunctionSpec::logGroup, Live::logGroup, UNLESS_LEFT_TO_AWS)
                .field(
                        "applicationLogLevel",
                        FunctionSpec::applicationLogLevel,
                        Live::applicationLogLevel,
                        UNLESS_LEFT_TO_AWS)
                .field("systemLogLevel", FunctionSpec::systemLogLevel, Live::systemLogLevel, UNLESS_LEFT_TO_AWS)
                .tags()
                .changes();
    }

    /** A ResourceConflict: a previous run created it and stopped before finishing; it is adopted. */
    @Override
    protected Live createKnown(FunctionSpec desired, HandlerContext ctx) {
        SdkBytes zip = CodeBundle.of(desired);
        Map<String, String> tags = ctx.tagsToWrite(desired.tags());
        return createOrAdopt(desired, ctx, ResourceConflictException.class, () -> {
            whileRoleNotUsable(desired, ctx, () -> lambda.createFunction(FunctionRequests.create(desired, zip, tags)));
            return Live.of(readiness.awaitActive(desired.name(), ctx));
        });
    }

    @Override
    protected Live updateKnown(FunctionSpec desired, Live live, List<AttributeChange> changes, HandlerContext ctx) {
        String name = live.name();
        Set<String> paths = changes.stream().map(AttributeChange::path).collect(Collectors.toSet());
        // Lambda refuses a change while another is in progress (ResourceConflictException).
        boolean mayBeBusy = !State.ACTIVE.toString().equals(live.state())
                || LastUpdateStatus.IN_PROGRESS.toString().equals(live.lastUpdateStatus());
        if (paths.contains("codeSha256")) {
            SdkBytes zip = CodeBundle.of(desired);
            if (mayBeBusy) {
                readiness.awaitUpdated(name, ctx);
            }
            lambda.updateFunctionCode(r -> r.functionName(name).zipFile(zip));
            mayBeBusy = true;
        }
        if (paths.stream().anyMatch(CONFIGURATION::contains)) {
            if (mayBeBusy) {
                readiness.awaitUpdated(name, ctx);
            }
            whileRoleNotUsable(
                    desired,
                    ctx,
                    () -> lambda.updateFunctionConfiguration(
                            FunctionRequests.configuration(name, desired, paths.contains("deadLetterTargetArn"))));
            mayBeBusy = true;
        }
        if (mayBeBusy) {
            readiness.awaitUpdated(name, ctx);
        }
        Map<String, String> tags = ctx.tagsToWrite(desired.tags());
        lambda.tagResource(r -> r.resource(live.arn()).tags(tags));
        return read(desired, ctx)
                .orElseThrow(() ->
                        new IllegalStateException("function " + name + " disappeared while it was being updated"));
    }

    @Override
    public DeleteResult delete(Live live, DeletionPolicy policy, HandlerContext ctx) {
        return Missing.deleted(
                () -> lambda.deleteFunction(r -> r.functionName(live.name())), ResourceNotFoundException.class);
    }

    /** Lambda's CodeSha256 of a zip: see {@link CodeBundle#codeSha256}. */
    public static String codeSha256(byte[] zip) {
        return CodeBundle.codeSha256(zip);
    }

    /** Runs a call that names the execution role, waiting out only a role Lambda cannot use yet. */
    private <T> T whileRoleNotUsable(FunctionSpec desired, HandlerContext ctx, Supplier<T> call) {
        return eventually.retry(
                "role " + desired.roleArn() + " to be usable by Lambda", RoleNotUsableYet::test, ctx::status, call);
    }
}
