package dev.tapctl.resources.lambda;

import static dev.tapctl.testing.HandlerFixture.tags;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tapctl.aws.AwsClients;
import dev.tapctl.aws.Eventually;
import dev.tapctl.engine.spi.AttributeChange;
import dev.tapctl.engine.spi.DeleteResult;
import dev.tapctl.engine.spi.DeletionPolicy;
import dev.tapctl.engine.spi.Deletions;
import dev.tapctl.engine.spi.SpecHashes;
import dev.tapctl.engine.spi.Tags;
import dev.tapctl.engine.spi.Unknown;
import dev.tapctl.resources.lambda.LambdaTestSupport.InvalidParameter;
import dev.tapctl.stack.Kinds;
import dev.tapctl.stack.spec.FunctionSpec;
import dev.tapctl.testing.CallLog;
import dev.tapctl.testing.Emulator;
import dev.tapctl.testing.EmulatorExtension;
import dev.tapctl.testing.HandlerFixture;
import dev.tapctl.testing.TestContext;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.GetFunctionConfigurationResponse;
import software.amazon.awssdk.services.lambda.model.InvalidParameterValueException;

@ExtendWith(EmulatorExtension.class)
class FunctionHandlerTest {
    private static final String NAME = "tap-test-api";
    private static final String ID = "fn.api";
    private static final String LOG_GROUP = "/aws/lambda/" + NAME;
    private static final String ROLE_ERROR = "The role defined for the function cannot be assumed by Lambda.";
    private static final Duration RETRY_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration RETRY_INTERVAL = Duration.ofMillis(20);

    @TempDir
    Path dir;

    private final CallLog calls = new CallLog();
    private final TestContext ctx = new TestContext(ID, "hash-1");
    private AwsClients clients;
    private LambdaClient lambda;
    private FunctionHandler handler;
    private String roleArn;
    private String dlqArn;
    private Path v1;
    private Path v2;
    private FunctionSpec spec;

    @BeforeEach
    void setUp(Emulator emulator) {
        clients = HandlerFixture.clients(emulator, calls);
        lambda = clients.lambda();
        handler = new FunctionHandler(
                lambda, clients.logs(), clients.waiterConfig(), new Eventually(RETRY_TIMEOUT, RETRY_INTERVAL));
        roleArn = LambdaTestSupport.executionRole(clients, NAME);
        String dlqUrl =
                clients.sqs().createQueue(r -> r.queueName(NAME + "-dlq")).queueUrl();
        dlqArn = clients.sqs()
                .getQueueAttributes(r -> r.queueUrl(dlqUrl).attributeNamesWithStrings("QueueArn"))
                .attributesAsStrings()
                .get("QueueArn");
        v1 = LambdaTestSupport.zip(dir, "v1.zip", "{'statusCode': 200}");
        v2 = LambdaTestSupport.zip(dir, "v2.zip", "{'statusCode': 201}");
        spec = spec(v1, 256, Map.of("TABLE_NAME", "tap-test-items", "POWERTOOLS_SERVICE_NAME", "api"));
        calls.clear();
    }

    @AfterEach
    void tearDown() {
        clients.close();
    }

    private FunctionSpec spec(Path zip, int memoryMb, Map<String, String> environment) {
        return new FunctionSpec(
                NAME,
                "python3.12",
                "handler.handler",
                memoryMb,
                10,
                dlqArn,
                roleArn,
                FunctionHandler.codeSha256(LambdaTestSupport.bytes(zip)),
                zip,
                environment,
                "JSON",
                LOG_GROUP,
                "INFO",
                "WARN",
                tags(ID, NAME));
    }

    private static List<String> operations(CallLog log, String operation) {
        return log.calls().stream()
                .map(CallLog.Call::operation)
                .filter(operation::equals)
                .toList();
    }

    @Test
    void lifecycleRepairsDriftAndDeletes(Emulator emulator) {
        assertThat(handler.kind()).isEqualTo(Kinds.FUNCTION);

        FunctionHandler.Live created = handler.create(spec, ctx);
        assertThat(calls.mutating()).extracting(CallLog.Call::operation).containsExactly("CreateFunction");
        assertThat(ctx.statuses).contains("waiting for active");

        calls.clear();
        FunctionHandler.Live live = handler.read(spec, ctx).orElseThrow();
        assertThat(live).isEqualTo(created);
        assertThat(live.arn())
                .isEqualTo("arn:aws:lambda:" + emulator.region() + ":" + emulator.accountId() + ":function:" + NAME);
        assertThat(live.runtime()).isEqualTo("python3.12");
        assertThat(live.handler()).isEqualTo("handler.handler");
        assertThat(live.memoryMb()).isEqualTo(256);
        assertThat(live.timeoutSeconds()).isEqualTo(10);
        assertThat(live.roleArn()).isEqualTo(roleArn);
        assertThat(live.codeSha256()).isEqualTo(spec.codeSha256());
        assertThat(live.environment()).isEqualTo(spec.environment());
        assertThat(live.state()).isEqualTo("Active");
        assertThat(live.tags()).containsAllEntriesOf(spec.tags()).containsEntry(Tags.SPEC_HASH, "hash-1");
        assertThat(SpecHashes.applied(handler, live)).contains("hash-1");
        assertThat(handler.diff(spec, live)).isEmpty();
        assertThat(calls.mutating())
                .as("read and diff of an unchanged function")
                .isEmpty();
        assertThat(calls.calls()).extracting(CallLog.Call::operation).containsExactly("GetFunction");
        assertThat(handler.outputs(live).values()).containsOnly(Map.entry("name", NAME), Map.entry("arn", live.arn()));

        // Someone doubles the memory and removes a tag, outside tapctl.
        lambda.updateFunctionConfiguration(r -> r.functionName(NAME).memorySize(512));
        lambda.untagResource(r -> r.resource(live.arn()).tagKeys("CostCenter"));
        FunctionHandler.Live drifted = handler.read(spec, ctx).orElseThrow();
        List<AttributeChange> changes = handler.diff(spec, drifted);
        assertThat(changes)
                .containsExactlyInAnyOrder(
                        AttributeChange.of("memoryMb", 512, 256),
                        AttributeChange.of("tags.CostCenter", null, "platform"));

        calls.clear();
        FunctionHandler.Live updated = handler.update(spec, drifted, changes, new TestContext(ID, "hash-2"));
        assertThat(calls.mutating())
                .extracting(CallLog.Call::operation)
                .containsExactly("UpdateFunctionConfiguration", "TagResource");
        FunctionHandler.Live repaired = handler.read(spec, ctx).orElseThrow();
        assertThat(handler.diff(spec, repaired)).isEmpty();
        assertThat(repaired.memoryMb()).isEqualTo(256);
        assertThat(repaired.tags()).containsEntry(Tags.SPEC_HASH, "hash-2").containsEntry("CostCenter", "platform");
        assertThat(updated).isEqualTo(repaired);

        calls.clear();
        assertThat(handler.delete(repaired, DeletionPolicy.DELETE, ctx)).isEqualTo(DeleteResult.deleted());
        assertThat(calls.mutating()).extracting(CallLog.Call::operation).containsExactly("DeleteFunction");
        assertThat(handler.read(spec, ctx)).isEmpty();
        // Deleting what is already gone is the goal reached.
        assertThat(handler.delete(repaired, DeletionPolicy.DELETE, ctx)).isEqualTo(DeleteResult.deleted());
    }

    @Test
    void deadLetterQueueAndStructuredLoggingRoundTrip() {
        handler.create(spec, ctx);

        FunctionHandler.Live live = handler.read(spec, ctx).orElseThrow();
        assertThat(live.deadLetterTargetArn()).isEqualTo(dlqArn);
        assertThat(live.logFormat()).isEqualTo("JSON");
        assertThat(live.logGroup()).isEqualTo(LOG_GROUP);
        assertThat(live.applicationLogLevel()).isEqualTo("INFO");
        assertThat(live.systemLogLevel()).isEqualTo("WARN");
        GetFunctionConfigurationResponse config = lambda.getFunctionConfiguration(r -> r.functionName(NAME));
        assertThat(config.deadLetterConfig().targetArn()).isEqualTo(dlqArn);
        assertThat(config.loggingConfig().logFormatAsString()).isEqualTo("JSON");
        assertThat(config.loggingConfig().logGroup()).isEqualTo(LOG_GROUP);

        // Someone switches back to plain-text logs and drops the DLQ, outside tapctl.
        lambda.updateFunctionConfiguration(r ->
                r.functionName(NAME).loggingConfig(l -> l.logFormat("Text")).deadLetterConfig(d -> d.targetArn("")));
        FunctionHandler.Live drifted = handler.read(spec, ctx).orElseThrow();
        List<AttributeChange> changes = handler.diff(spec, drifted);
        assertThat(changes).extracting(AttributeChange::path).contains("logFormat", "deadLetterTargetArn");
        assertThat(changes)
                .contains(
                        AttributeChange.of("logFormat", "Text", "JSON"),
                        AttributeChange.of("deadLetterTargetArn", null, dlqArn));

        handler.update(spec, drifted, changes, ctx);
        assertThat(handler.diff(spec, handler.read(spec, ctx).orElseThrow())).isEmpty();
    }

    @Test
    void changedCodeIsUploadedOnceAndUnchangedCodeNever() {
        FunctionHandler.Live live = handler.create(spec, ctx);
        FunctionSpec next = spec(v2, 256, spec.environment());
        assertThat(next.codeSha256()).isNotEqualTo(spec.codeSha256());

        List<AttributeChange> changes = handler.diff(next, live);
        assertThat(changes).containsExactly(AttributeChange.of("codeSha256", spec.codeSha256(), next.codeSha256()));

        calls.clear();
        FunctionHandler.Live updated = handler.update(next, live, changes, new TestContext(ID, "hash-2"));
        assertThat(operations(calls, "UpdateFunctionCode")).hasSize(1);
        assertThat(calls.mutating())
                .extracting(CallLog.Call::operation)
                .containsExactly("UpdateFunctionCode", "TagResource");
        assertThat(updated.codeSha256()).isEqualTo(next.codeSha256());
        assertThat(handler.diff(next, handler.read(next, ctx).orElseThrow())).isEmpty();

        // A configuration change with the same code: the zip is not sent again.
        FunctionSpec bigger = spec(v2, 512, Map.of("TABLE_NAME", "tap-test-items"));
        List<AttributeChange> configOnly = handler.diff(bigger, updated);
        assertThat(configOnly).extracting(AttributeChange::path).containsExactlyInAnyOrder("memoryMb", "environment");
        calls.clear();
        handler.update(bigger, updated, configOnly, ctx);
        assertThat(operations(calls, "UpdateFunctionCode")).isEmpty();
        assertThat(calls.mutating())
                .extracting(CallLog.Call::operation)
                .containsExactly("UpdateFunctionConfiguration", "TagResource");
        FunctionHandler.Live after = handler.read(bigger, ctx).orElseThrow();
        assertThat(after.environment()).isEqualTo(Map.of("TABLE_NAME", "tap-test-items"));
        assertThat(handler.diff(bigger, after)).isEmpty();

        // Only a new spec hash: tags, nothing else.
        calls.clear();
        handler.update(bigger, after, List.of(), new TestContext(ID, "hash-3"));
        assertThat(calls.mutating()).extracting(CallLog.Call::operation).containsExactly("TagResource");
        assertThat(handler.read(bigger, ctx).orElseThrow().tags()).containsEntry(Tags.SPEC_HASH, "hash-3");
    }

    @Test
    void aBundleThatIsNotTheOneThePlanComparedIsRefused() {
        FunctionSpec stale = new FunctionSpec(
                NAME,
                "python3.12",
                "handler.handler",
                256,
                10,
                dlqArn,
                roleArn,
                spec.codeSha256(),
                v2,
                spec.environment(),
                "JSON",
                LOG_GROUP,
                "INFO",
                "WARN",
                spec.tags());
        assertThatThrownBy(() -> handler.create(stale, ctx))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("but the spec expects " + spec.codeSha256());
        assertThat(calls.mutating()).isEmpty();
    }

    @Test
    void aRoleLambdaCannotAssumeYetIsRetriedUntilItCan(Emulator emulator) {
        CallLog log = new CallLog();
        try (AwsClients faulty =
                HandlerFixture.clients(emulator, log, new InvalidParameter("CreateFunction", ROLE_ERROR, 2))) {
            FunctionHandler retrying = new FunctionHandler(
                    faulty.lambda(),
                    faulty.logs(),
                    faulty.waiterConfig(),
                    new Eventually(RETRY_TIMEOUT, RETRY_INTERVAL));
            FunctionHandler.Live live = retrying.create(spec, ctx);
            assertThat(operations(log, "CreateFunction")).hasSize(3);
            assertThat(live.state()).isEqualTo("Active");
            assertThat(ctx.statuses).contains("waiting for role " + roleArn + " to be usable by Lambda");
        }
    }

    @Test
    void anotherInvalidParameterIsNotRetried(Emulator emulator) {
        CallLog log = new CallLog();
        String message = "Value python2.7 at 'runtime' failed to satisfy constraint";
        try (AwsClients faulty =
                HandlerFixture.clients(emulator, log, new InvalidParameter("CreateFunction", message, 5))) {
            FunctionHandler retrying = new FunctionHandler(
                    faulty.lambda(),
                    faulty.logs(),
                    faulty.waiterConfig(),
                    new Eventually(RETRY_TIMEOUT, RETRY_INTERVAL));
            assertThatThrownBy(() -> retrying.create(spec, ctx))
                    .isInstanceOf(InvalidParameterValueException.class)
                    .hasMessageContaining(message);
            assertThat(operations(log, "CreateFunction")).hasSize(1);
        }
        assertThat(handler.read(spec, ctx)).isEmpty();
    }

    @Test
    void aRoleThatNeverBecomesAssumableFailsWithinTheTimeout(Emulator emulator) {
        CallLog log = new CallLog();
        try (AwsClients faulty = HandlerFixture.clients(
                emulator, log, new InvalidParameter("CreateFunction", ROLE_ERROR, Integer.MAX_VALUE))) {
            FunctionHandler retrying = new FunctionHandler(
                    faulty.lambda(),
                    faulty.logs(),
                    faulty.waiterConfig(),
                    new Eventually(Duration.ofMillis(300), Duration.ofMillis(50)));
            long start = System.nanoTime();
            assertThatThrownBy(() -> retrying.create(spec, ctx))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("still waiting for role " + roleArn + " to be usable by Lambda")
                    .hasMessageContaining("cannot be assumed by Lambda");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
            // The pauses grow from half the interval (25 ms with jitter) up to the interval, so
            // 300 ms hold at most 300 / 25 + 1 attempts however fast the emulator answers.
            assertThat(operations(log, "CreateFunction")).hasSizeBetween(2, 13);
        }
        assertThat(handler.read(spec, ctx)).isEmpty();
    }

    @Test
    void createAdoptsAFunctionThatAlreadyExists() {
        // Left by a run that stopped right after CreateFunction: other memory, no tags, no DLQ.
        lambda.createFunction(r -> r.functionName(NAME)
                .runtime("python3.12")
                .handler("handler.handler")
                .memorySize(128)
                .timeout(10)
                .role(roleArn)
                .code(c -> c.zipFile(SdkBytes.fromByteArray(LambdaTestSupport.bytes(v1)))));
        calls.clear();

        FunctionHandler.Live adopted = handler.create(spec, ctx);
        assertThat(calls.mutating())
                .extracting(CallLog.Call::operation)
                .containsExactly("CreateFunction", "UpdateFunctionConfiguration", "TagResource");
        FunctionHandler.Live live = handler.read(spec, ctx).orElseThrow();
        assertThat(handler.diff(spec, live)).isEmpty();
        assertThat(live.tags()).containsEntry(Tags.SPEC_HASH, "hash-1");
        assertThat(adopted).isEqualTo(live);
    }

    @Test
    void retainKeepsTheFunctionWithoutACall() {
        FunctionHandler.Live live = handler.create(spec, ctx);
        calls.clear();
        assertThat(Deletions.byPolicy(handler, spec, live, DeletionPolicy.RETAIN, ctx))
                .isEqualTo(DeleteResult.retained(NAME));
        assertThat(calls.calls()).isEmpty();
        assertThat(handler.read(spec, ctx)).isPresent();
    }

    @Test
    void unknownInputsNeverReachAws() {
        String unknownRole = Unknown.of("fn.api.role", "arn");
        String unknownDlq = Unknown.of("fn.api.dlq", "arn");
        FunctionSpec planned = new FunctionSpec(
                NAME,
                "python3.12",
                "handler.handler",
                256,
                10,
                unknownDlq,
                unknownRole,
                spec.codeSha256(),
                v1,
                spec.environment(),
                "JSON",
                LOG_GROUP,
                "INFO",
                "WARN",
                spec.tags());
        assertThat(handler.read(planned, ctx)).isEmpty();
        assertThatThrownBy(() -> handler.create(planned, ctx))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("deadLetterTargetArn, roleArn not known yet");
        assertThat(calls.mutating()).isEmpty();

        FunctionHandler.Live live = handler.create(spec, ctx);
        Map<String, Object> changed = new TreeMap<>();
        handler.diff(planned, live).forEach(c -> changed.put(c.path(), c.after()));
        assertThat(changed)
                .containsOnly(Map.entry("roleArn", unknownRole), Map.entry("deadLetterTargetArn", unknownDlq));
        calls.clear();
        assertThatThrownBy(() -> handler.update(planned, live, handler.diff(planned, live), ctx))
                .isInstanceOf(IllegalStateException.class);
        assertThat(calls.calls()).isEmpty();
    }

    /**
     * Realism: a policy put on the role a moment ago is not yet seen by Lambda's check of the
     * dead-letter queue ("The provided execution role does not have permissions to call
     * SendMessage on SQS"); the create waits it out like a role that cannot be assumed yet.
     */
    @Test
    void aDeadLetterPolicyLambdaDoesNotSeeYetIsWaitedOut(Emulator emulator) throws InterruptedException {
        emulator.realism().enable(Map.of("iam_propagation", 1.5, "lambda_pending", 0.5));
        String role = LambdaTestSupport.executionRole(clients, NAME + "-late-policy");
        Thread.sleep(1_700);
        clients.iam().putRolePolicy(r -> r.roleName(NAME + "-late-policy")
                .policyName("dlq")
                .policyDocument(
                        "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"sqs:SendMessage\","
                                + "\"Resource\":\"" + dlqArn + "\"}]}"));
        FunctionSpec withNewPolicy = new FunctionSpec(
                NAME,
                "python3.12",
                "handler.handler",
                256,
                10,
                dlqArn,
                role,
                spec.codeSha256(),
                v1,
                spec.environment(),
                "JSON",
                LOG_GROUP,
                "INFO",
                "WARN",
                tags(ID, NAME));

        FunctionHandler.Live created = handler.create(withNewPolicy, ctx);

        assertThat(created.state()).isEqualTo("Active");
        assertThat(created.deadLetterTargetArn()).isEqualTo(dlqArn);
        assertThat(emulator.realism().counts().get("iam.lambda_dlq_send_message"))
                .as("the refusal fired")
                .isPositive();
        assertThat(ctx.statuses).contains("waiting for role " + role + " to be usable by Lambda");
    }

    /**
     * Realism: a new function is Pending and an updated one InProgress for a while, and Lambda
     * refuses a second update meanwhile (ResourceConflictException); the handler waits for Active
     * and for each update to finish instead of being refused.
     */
    @Test
    void updatesWaitForTheFunctionToBeReadyInsteadOfBeingRefused(Emulator emulator) {
        emulator.realism().enable(Map.of("iam_propagation", 0.0, "lambda_pending", 1.0, "lambda_update", 1.0));
        FunctionHandler.Live created = handler.create(spec, ctx);
        assertThat(created.state()).isEqualTo("Active");

        FunctionSpec bigger = spec(v2, 512, Map.of("TABLE_NAME", "tap-test-items"));
        FunctionHandler.Live updated = handler.update(bigger, created, handler.diff(bigger, created), ctx);

        assertThat(updated.memoryMb()).isEqualTo(512);
        assertThat(updated.codeSha256()).isEqualTo(bigger.codeSha256());
        Map<String, Integer> counts = emulator.realism().counts();
        assertThat(counts.get("lambda.pending")).as("the create met Pending").isPositive();
        assertThat(counts.get("lambda.update_in_progress"))
                .as("the update met InProgress")
                .isPositive();
        assertThat(counts.getOrDefault("lambda.conflict", 0))
                .as("no update was sent while another ran")
                .isZero();
    }
}
