package dev.tapctl.resources;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tapctl.aws.AwsClients;
import dev.tapctl.aws.HandlerTestSupport;
import dev.tapctl.aws.PolicyDocuments;
import dev.tapctl.engine.spi.DeleteResult;
import dev.tapctl.engine.spi.DeletionPolicy;
import dev.tapctl.engine.spi.Deletions;
import dev.tapctl.engine.spi.Kind;
import dev.tapctl.engine.spi.ResourceHandler;
import dev.tapctl.engine.spi.SpecHashes;
import dev.tapctl.resources.apigateway.ApiAccountHandler;
import dev.tapctl.resources.apigateway.ApiGatewayTestSupport;
import dev.tapctl.resources.apigateway.ApiKeyHandler;
import dev.tapctl.resources.apigateway.StageHandler;
import dev.tapctl.resources.apigateway.UsagePlanHandler;
import dev.tapctl.resources.apigateway.UsagePlanKeyHandler;
import dev.tapctl.resources.cloudwatch.AlarmHandler;
import dev.tapctl.resources.dynamodb.TableHandler;
import dev.tapctl.resources.ec2.Ec2TestSupport;
import dev.tapctl.resources.ec2.SubnetHandler;
import dev.tapctl.resources.lambda.FunctionHandler;
import dev.tapctl.resources.lambda.LambdaPermissionHandler;
import dev.tapctl.resources.lambda.LambdaTestSupport;
import dev.tapctl.resources.logs.LogGroupHandler;
import dev.tapctl.resources.rds.DbInstanceHandler;
import dev.tapctl.resources.rds.DbSubnetGroupHandler;
import dev.tapctl.resources.s3.BucketHandler;
import dev.tapctl.resources.sns.SubscriptionHandler;
import dev.tapctl.resources.sns.TopicHandler;
import dev.tapctl.resources.sqs.QueueHandler;
import dev.tapctl.stack.Kinds;
import dev.tapctl.stack.spec.AlarmSpec;
import dev.tapctl.stack.spec.ApiAccountSpec;
import dev.tapctl.stack.spec.ApiKeySpec;
import dev.tapctl.stack.spec.BucketSpec;
import dev.tapctl.stack.spec.DbInstanceSpec;
import dev.tapctl.stack.spec.DbSubnetGroupSpec;
import dev.tapctl.stack.spec.FunctionSpec;
import dev.tapctl.stack.spec.LambdaPermissionSpec;
import dev.tapctl.stack.spec.LogGroupSpec;
import dev.tapctl.stack.spec.QueueSpec;
import dev.tapctl.stack.spec.StageSpec;
import dev.tapctl.stack.spec.SubnetSpec;
import dev.tapctl.stack.spec.SubscriptionSpec;
import dev.tapctl.stack.spec.TableSpec;
import dev.tapctl.stack.spec.TableSpec.KeyAttribute;
import dev.tapctl.stack.spec.TopicSpec;
import dev.tapctl.stack.spec.UsagePlanKeySpec;
import dev.tapctl.stack.spec.UsagePlanSpec;
import dev.tapctl.testing.CallLog;
import dev.tapctl.testing.Emulator;
import dev.tapctl.testing.EmulatorExtension;
import dev.tapctl.testing.HandlerFixture;
import dev.tapctl.testing.TestContext;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.apigateway.ApiGatewayClient;
import software.amazon.awssdk.services.apigateway.model.IntegrationType;

/**
 * What every handler promises, whatever its kind, checked against the emulator for each kind in
 * {@link #kinds()}: RETAIN makes no AWS call and keeps the object; an update whose only change is
 * a new spec hash rewrites the tags and nothing else; a delete of an object already gone is done,
 * without an error; a read of an object that does not exist is empty and changes nothing.
 *
 * <p>Adding a kind is one entry: its kind, how to build its handler from the clients, a sample spec
 * (making through {@link Sample} what the spec points at) and the calls that write its tags.
 */
@ExtendWith(EmulatorExtension.class)
class HandlerContractTest {

    static Stream<Entry<?, ?>> kinds() {
        return Stream.of(
                entry(Kinds.LOG_GROUP, c -> new LogGroupHandler(c.logs()),
                        s -> new LogGroupSpec("/tap/test/contract", 14, s.logsKeyArn(), s.tags("/tap/test/contract")),
                        "TagResource"),
                entry(Kinds.SUBNET, c -> new SubnetHandler(c.ec2(), c.waiterConfig(), c.eventually()),
                        s -> new SubnetSpec("tap-test-contract", s.vpcId(), "10.20.0.0/20", "us-east-1a", false,
                                s.tags("tap-test-contract")),
                        "CreateTags"),
                entry(Kinds.FUNCTION, c -> new FunctionHandler(c.lambda(), c.waiterConfig(), c.eventually()),
                        s -> s.function("tap-test-contract", s.executionRole("tap-test-contract")), "TagResource"),
                entry(Kinds.LAMBDA_PERMISSION, c -> new LambdaPermissionHandler(c.lambda()),
                        s -> new LambdaPermissionSpec(s.functionName("tap-test-contract"), "tap-test-contract",
                                "lambda:InvokeFunction", "apigateway.amazonaws.com",
                                "arn:aws:execute-api:us-east-1:" + s.emulator().accountId() + ":abc123/*/GET/items")),
                entry(Kinds.DB_SUBNET_GROUP, c -> new DbSubnetGroupHandler(c.rds(), c.waiterConfig()),
                        s -> new DbSubnetGroupSpec("tap-test-contract", "contract subnets", s.subnetIds(),
                                s.tags("tap-test-contract")),
                        "AddTagsToResource"),
                entry(Kinds.DB_INSTANCE, c -> new DbInstanceHandler(c.rds(), c.secrets(), c.waiterConfig(),
                                Clock.systemUTC()),
                        s -> new DbInstanceSpec("tap-test-contract", "postgres", "16", "db.t4g.micro", 20, "gp3",
                                s.kmsKeyArn(), false, false, 1, false, s.dbSubnetGroup("tap-test-contract"),
                                List.of(s.securityGroupId()), "app", s.masterSecretArn(), "app", 5432,
                                "tap-test-contract-final", s.tags("tap-test-contract")),
                        "AddTagsToResource"),
                entry(Kinds.TABLE, c -> new TableHandler(c.dynamodb(), c.waiterConfig()),
                        s -> new TableSpec("tap-test-contract", new KeyAttribute("pk", "S"), null, "PAY_PER_REQUEST",
                                s.kmsKeyArn(), false, false, s.tags("tap-test-contract")),
                        "TagResource"),
                entry(Kinds.BUCKET, c -> new BucketHandler(c.s3()),
                        s -> new BucketSpec("tap-test-contract", s.kmsKeyArn(), false, true, null,
                                s.tags("tap-test-contract")),
                        "PutBucketTagging"),
                entry(Kinds.QUEUE, c -> new QueueHandler(c.sqs(), c.eventually()),
                        s -> new QueueSpec("tap-test-contract", s.kmsKeyArn(), 1_209_600, s.tags("tap-test-contract")),
                        "TagQueue"),
                entry(Kinds.TOPIC, c -> new TopicHandler(c.sns()),
                        s -> new TopicSpec("tap-test-contract", "arn:aws:sns:" + s.emulator().region() + ":"
                                + s.emulator().accountId() + ":tap-test-contract", s.kmsKeyArn(),
                                s.tags("tap-test-contract")),
                        "TagResource"),
                entry(Kinds.TOPIC_SUBSCRIPTION, c -> new SubscriptionHandler(c.sns(), c::accountId, c.region()),
                        // A queue's subscription is confirmed at once; an address's stays pending for SNS to remove.
                        s -> new SubscriptionSpec(s.topicArn("tap-test-alarms"), "sqs", s.queueArn("tap-test-alerts"))),
                entry(Kinds.ALARM, c -> new AlarmHandler(c.cloudwatch()),
                        s -> new AlarmSpec("tap-test-contract-errors", "Invocations of tap-test-api failed",
                                "AWS/Lambda", "Errors", Map.of("FunctionName", "tap-test-api"), "Sum", 300, 1, 1.0,
                                "GreaterThanOrEqualToThreshold", "notBreaching", List.of(s.topicArn("tap-test-alarms")),
                                s.tags("tap-test-contract-errors")),
                        "TagResource"),
                entry(Kinds.API_ACCOUNT, c -> new ApiAccountHandler(c.apigateway(), c.eventually()),
                        s -> new ApiAccountSpec(ApiGatewayTestSupport.loggingRole(s.clients(), "tap-test-contract"))),
                entry(Kinds.API_KEY, c -> new ApiKeyHandler(c.apigateway()),
                        s -> new ApiKeySpec("tap-test-contract", "contract key", true, s.tags("tap-test-contract")),
                        "TagResource"),
                entry(Kinds.STAGE, c -> new StageHandler(c.apigateway()),
                        s -> new StageSpec(s.restApiId(), "v1", "fp-1", 100, 50, null, null, s.tags("v1")),
                        "TagResource"),
                entry(Kinds.USAGE_PLAN, c -> new UsagePlanHandler(c.apigateway()),
                        s -> new UsagePlanSpec("tap-test-contract", s.restApiIdWithStage("v1"), "v1", 100, 50, 1000,
                                "MONTH", s.tags("tap-test-contract")),
                        "TagResource"),
                entry(Kinds.USAGE_PLAN_KEY, c -> new UsagePlanKeyHandler(c.apigateway()),
                        s -> new UsagePlanKeySpec(s.usagePlanId("tap-test-contract"), s.apiKeyId("tap-test-contract"),
                                "tap-test-contract")));
    }

    /** Kinds whose delete leaves the object as it is (an account-wide setting): there is no delete to repeat. */
    private static final Set<Kind<?>> KEPT_BY_DELETE = Set.of(Kinds.API_ACCOUNT);

    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    <S, L> void retainMakesNoAwsCallAndKeepsTheObject(Entry<S, L> entry, Emulator emulator) {
        try (Run<S, L> run = new Run<>(entry, emulator)) {
            L live = run.handler.create(run.spec, run.ctx);
            run.calls.clear();

            DeleteResult result = Deletions.byPolicy(run.handler, run.spec, live, DeletionPolicy.RETAIN, run.ctx);

            assertThat(result.outcome()).isEqualTo(DeleteResult.Outcome.RETAINED);
            assertThat(run.calls.calls()).isEmpty();
            assertThat(run.handler.read(run.spec, run.ctx)).isPresent();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    <S, L> void anUpdateWithOnlyANewSpecHashRewritesTheTagsAndNothingElse(Entry<S, L> entry, Emulator emulator) {
        try (Run<S, L> run = new Run<>(entry, emulator)) {
            Assumptions.assumeTrue(SpecHashes.recordedBy(run.handler), "the kind records no spec hash");
            L live = run.handler.create(run.spec, run.ctx);
            run.calls.clear();

            run.handler.update(run.spec, live, List.of(), new TestContext(run.ctx.logicalId(), "hash-2"));

            assertThat(run.calls.mutating()).extracting(CallLog.Call::operation)
                    .containsExactlyElementsOf(entry.tagWrites());
            L read = run.handler.read(run.spec, run.ctx).orElseThrow();
            assertThat(SpecHashes.applied(run.handler, read)).contains("hash-2");
            assertThat(run.handler.diff(run.spec, read)).isEmpty();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    <S, L> void aDeleteOfAnObjectAlreadyGoneIsDone(Entry<S, L> entry, Emulator emulator) {
        Assumptions.assumeFalse(KEPT_BY_DELETE.contains(entry.kind()), "the kind's delete keeps the object");
        try (Run<S, L> run = new Run<>(entry, emulator)) {
            L live = run.handler.create(run.spec, run.ctx);
            DeleteResult first = Deletions.byPolicy(run.handler, run.spec, live, DeletionPolicy.DELETE, run.ctx);
            assertThat(run.handler.read(run.spec, run.ctx)).as("after the delete").isEmpty();

            DeleteResult again = Deletions.byPolicy(run.handler, run.spec, live, DeletionPolicy.DELETE, run.ctx);
            assertThat(again.outcome()).as("a delete of what is gone").isEqualTo(first.outcome());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    <S, L> void aReadOfAnObjectThatDoesNotExistIsEmptyAndChangesNothing(Entry<S, L> entry, Emulator emulator) {
        try (Run<S, L> run = new Run<>(entry, emulator)) {
            run.calls.clear();
            assertThat(run.handler.read(run.spec, run.ctx)).isEmpty();
            assertThat(run.calls.mutating()).isEmpty();
        }
    }

    // ---- the entries -------------------------------------------------------------------------

    /**
     * One kind under contract.
     *
     * @param handler   the handler, built from clients on the emulator
     * @param sample    a spec of the kind, made with what it points at
     * @param tagWrites the mutating calls, in order, with which an update writes only the tags
     */
    record Entry<S, L>(Kind<S> kind, Function<AwsClients, ResourceHandler<S, L>> handler, Function<Sample, S> sample,
                       List<String> tagWrites) {
        @Override
        public String toString() {
            return kind.name();
        }
    }

    private static <S, L> Entry<S, L> entry(Kind<S> kind, Function<AwsClients, ResourceHandler<S, L>> handler,
                                            Function<Sample, S> sample, String... tagWrites) {
        return new Entry<>(kind, handler, sample, List.of(tagWrites));
    }

    /** What a sample spec may need: the stack's tags and objects it points at, made on the emulator. */
    record Sample(AwsClients clients, Emulator emulator, String logicalId) {

        Map<String, String> tags(String name) {
            return HandlerFixture.tags(logicalId, name);
        }

        /** A VPC for what lives in one. */
        String vpcId() {
            return Ec2TestSupport.createVpc(clients, "network.vpc", "10.20.0.0/16");
        }

        /** A customer-managed key, as the stack's kms.key would be. */
        String kmsKeyArn() {
            return HandlerFixture.kmsKeyArn(clients);
        }

        /** Two subnets of a new VPC, in two zones, as a DB subnet group needs. */
        List<String> subnetIds() {
            String vpc = clients.ec2().createVpc(r -> r.cidrBlock("10.30.0.0/16")).vpc().vpcId();
            return List.of(
                    clients.ec2().createSubnet(r -> r.vpcId(vpc).cidrBlock("10.30.0.0/20").availabilityZone("us-east-1a"))
                            .subnet().subnetId(),
                    clients.ec2().createSubnet(r -> r.vpcId(vpc).cidrBlock("10.30.16.0/20").availabilityZone("us-east-1b"))
                            .subnet().subnetId());
        }

        /** A DB subnet group named {@code name} over {@link #subnetIds()}. */
        String dbSubnetGroup(String name) {
            return clients.rds().createDBSubnetGroup(r -> r.dbSubnetGroupName(name).dbSubnetGroupDescription(name)
                    .subnetIds(subnetIds())).dbSubnetGroup().dbSubnetGroupName();
        }

        String securityGroupId() {
            String vpc = clients.ec2().createVpc(r -> r.cidrBlock("10.31.0.0/16")).vpc().vpcId();
            return clients.ec2().createSecurityGroup(r -> r.groupName("tap-test-contract").description("contract")
                    .vpcId(vpc)).groupId();
        }

        /** A secret holding the master credentials, as the stack's database secret does. */
        String masterSecretArn() {
            return clients.secrets().createSecret(r -> r.name("tap-test-contract-db")
                    .secretString("{\"username\":\"app\",\"password\":\"correct-horse-battery\"}")).arn();
        }

        String topicArn(String name) {
            return clients.sns().createTopic(r -> r.name(name)).topicArn();
        }

        String queueArn(String name) {
            String url = clients.sqs().createQueue(r -> r.queueName(name)).queueUrl();
            return clients.sqs().getQueueAttributes(r -> r.queueUrl(url).attributeNamesWithStrings("QueueArn"))
                    .attributesAsStrings().get("QueueArn");
        }

        String executionRole(String name) {
            return LambdaTestSupport.executionRole(clients, name);
        }

        /** The spec of a function of one small handler file, run by {@code roleArn}. */
        FunctionSpec function(String name, String roleArn) {
            Path zip = zip(name);
            return new FunctionSpec(name, "python3.12", "handler.handler", 128, 10, roleArn,
                    FunctionHandler.codeSha256(LambdaTestSupport.bytes(zip)), zip, Map.of(), null, null, null, null,
                    null, tags(name));
        }

        /** A function made directly, for what belongs to one; returns its name. */
        String functionName(String name) {
            Path zip = zip(name);
            return clients.lambda().createFunction(r -> r.functionName(name).runtime("python3.12")
                    .handler("handler.handler").role(executionRole(name))
                    .code(c -> c.zipFile(SdkBytes.fromByteArray(LambdaTestSupport.bytes(zip))))).functionName();
        }

        private static Path zip(String name) {
            try {
                Path dir = Files.createTempDirectory("contract-");
                dir.toFile().deleteOnExit();
                Path zip = LambdaTestSupport.zip(dir, name + ".zip", "{'statusCode': 200}");
                zip.toFile().deleteOnExit();
                return zip;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /** A REST API with one mock method, so that it can be deployed. */
        String restApiId() {
            ApiGatewayClient apigateway = clients.apigateway();
            String api = apigateway.createRestApi(r -> r.name("tap-test-contract")).id();
            String root = apigateway.getResources(r -> r.restApiId(api)).items().get(0).id();
            apigateway.putMethod(r -> r.restApiId(api).resourceId(root).httpMethod("GET").authorizationType("NONE"));
            apigateway.putIntegration(r -> r.restApiId(api).resourceId(root).httpMethod("GET")
                    .type(IntegrationType.MOCK));
            return api;
        }

        /** {@link #restApiId()} with a stage {@code stage} serving a deployment of it. */
        String restApiIdWithStage(String stage) {
            String api = restApiId();
            clients.apigateway().createDeployment(r -> r.restApiId(api).stageName(stage));
            return api;
        }

        String usagePlanId(String name) {
            return clients.apigateway().createUsagePlan(r -> r.name(name)).id();
        }

        String apiKeyId(String name) {
            return clients.apigateway().createApiKey(r -> r.name(name).enabled(true)).id();
        }

        /** A key CloudWatch Logs may use, with the stack's key policy. */
        String logsKeyArn() {
            return clients.kms().createKey(r -> r.description("contract test key")
                    .policy(PolicyDocuments.toJson(HandlerTestSupport.keyPolicy(emulator)))).keyMetadata().arn();
        }
    }

    /** One test's handler, sample spec and context, on clients whose calls {@link #calls} records. */
    private static final class Run<S, L> implements AutoCloseable {
        final CallLog calls = new CallLog();
        final AwsClients clients;
        final ResourceHandler<S, L> handler;
        final TestContext ctx;
        final S spec;

        Run(Entry<S, L> entry, Emulator emulator) {
            clients = HandlerFixture.clients(emulator, calls);
            handler = entry.handler().apply(clients);
            ctx = new TestContext("contract." + entry.kind().name());
            spec = entry.sample().apply(new Sample(clients, emulator, ctx.logicalId()));
            assertThat(handler.kind()).isEqualTo(entry.kind());
        }

        @Override
        public void close() {
            clients.close();
        }
    }
}
