package dev.tapctl.resources;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tapctl.aws.AwsClients;
import dev.tapctl.aws.HandlerTestSupport;
import dev.tapctl.aws.PolicyDocuments;
import dev.tapctl.engine.PlanReads;
import dev.tapctl.engine.spi.DeleteResult;
import dev.tapctl.engine.spi.DeletionPolicy;
import dev.tapctl.engine.spi.Deletions;
import dev.tapctl.engine.spi.KeepsFinalSnapshots;
import dev.tapctl.engine.spi.Kind;
import dev.tapctl.engine.spi.OutputKey;
import dev.tapctl.engine.spi.ResourceHandler;
import dev.tapctl.engine.spi.SpecHashes;
import dev.tapctl.resources.apigateway.ApiAccountHandler;
import dev.tapctl.resources.apigateway.ApiGatewayTestSupport;
import dev.tapctl.resources.apigateway.ApiKeyHandler;
import dev.tapctl.resources.apigateway.ApiRoutesHandler;
import dev.tapctl.resources.apigateway.GatewayResponsesHandler;
import dev.tapctl.resources.apigateway.RestApiHandler;
import dev.tapctl.resources.apigateway.StageHandler;
import dev.tapctl.resources.apigateway.UsagePlanHandler;
import dev.tapctl.resources.apigateway.UsagePlanKeyHandler;
import dev.tapctl.resources.cloudwatch.AlarmHandler;
import dev.tapctl.resources.dynamodb.TableHandler;
import dev.tapctl.resources.ec2.Ec2TestSupport;
import dev.tapctl.resources.ec2.ElasticIpHandler;
import dev.tapctl.resources.ec2.FlowLogHandler;
import dev.tapctl.resources.ec2.InstanceHandler;
import dev.tapctl.resources.ec2.InternetGatewayHandler;
import dev.tapctl.resources.ec2.NatGatewayHandler;
import dev.tapctl.resources.ec2.RouteTableHandler;
import dev.tapctl.resources.ec2.SecurityGroupHandler;
import dev.tapctl.resources.ec2.SubnetHandler;
import dev.tapctl.resources.ec2.VpcEndpointHandler;
import dev.tapctl.resources.ec2.VpcHandler;
import dev.tapctl.resources.iam.IamRoleHandler;
import dev.tapctl.resources.iam.InstanceProfileHandler;
import dev.tapctl.resources.kms.KmsKeyHandler;
import dev.tapctl.resources.lambda.FunctionHandler;
import dev.tapctl.resources.lambda.LambdaPermissionHandler;
import dev.tapctl.resources.lambda.LambdaTestSupport;
import dev.tapctl.resources.logs.LogGroupHandler;
import dev.tapctl.resources.rds.DbInstanceHandler;
import dev.tapctl.resources.rds.DbSubnetGroupHandler;
import dev.tapctl.resources.s3.BucketHandler;
import dev.tapctl.resources.secrets.SecretHandler;
import dev.tapctl.resources.sns.SubscriptionHandler;
import dev.tapctl.resources.sns.TopicHandler;
import dev.tapctl.resources.sqs.QueueHandler;
import dev.tapctl.stack.Kinds;
import dev.tapctl.stack.Policies;
import dev.tapctl.stack.TapStack;
import dev.tapctl.stack.spec.AlarmSpec;
import dev.tapctl.stack.spec.ApiAccountSpec;
import dev.tapctl.stack.spec.ApiKeySpec;
import dev.tapctl.stack.spec.ApiRoutesSpec;
import dev.tapctl.stack.spec.BucketSpec;
import dev.tapctl.stack.spec.DbInstanceSpec;
import dev.tapctl.stack.spec.DbSubnetGroupSpec;
import dev.tapctl.stack.spec.ElasticIpSpec;
import dev.tapctl.stack.spec.FlowLogSpec;
import dev.tapctl.stack.spec.FunctionSpec;
import dev.tapctl.stack.spec.GatewayResponsesSpec;
import dev.tapctl.stack.spec.IamRoleSpec;
import dev.tapctl.stack.spec.InstanceProfileSpec;
import dev.tapctl.stack.spec.InstanceSpec;
import dev.tapctl.stack.spec.InternetGatewaySpec;
import dev.tapctl.stack.spec.KmsKeySpec;
import dev.tapctl.stack.spec.LambdaPermissionSpec;
import dev.tapctl.stack.spec.LogGroupSpec;
import dev.tapctl.stack.spec.NatGatewaySpec;
import dev.tapctl.stack.spec.QueueSpec;
import dev.tapctl.stack.spec.RouteTableSpec;
import dev.tapctl.stack.spec.SecretSpec;
import dev.tapctl.stack.spec.SecurityGroupSpec;
import dev.tapctl.stack.spec.StageSpec;
import dev.tapctl.stack.spec.SubnetSpec;
import dev.tapctl.stack.spec.SubscriptionSpec;
import dev.tapctl.stack.spec.TableSpec;
import dev.tapctl.stack.spec.TableSpec.KeyAttribute;
import dev.tapctl.stack.spec.TopicSpec;
import dev.tapctl.stack.spec.UsagePlanKeySpec;
import dev.tapctl.stack.spec.UsagePlanSpec;
import dev.tapctl.stack.spec.VpcEndpointSpec;
import dev.tapctl.stack.spec.VpcSpec;
import dev.tapctl.testing.CallLog;
import dev.tapctl.testing.ConcurrentReads;
import dev.tapctl.testing.Emulator;
import dev.tapctl.testing.EmulatorExtension;
import dev.tapctl.testing.HandlerFixture;
import dev.tapctl.testing.TestContext;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.apigateway.ApiGatewayClient;
import software.amazon.awssdk.services.apigateway.model.IntegrationType;
import software.amazon.awssdk.services.ec2.model.DomainType;

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
                entry(
                                Kinds.KMS_KEY,
                                c -> new KmsKeyHandler(c.kms(), c.eventually()),
                                s -> new KmsKeySpec(
                                        "alias/tap-test-contract",
                                        "contract test key",
                                        true,
                                        HandlerTestSupport.keyPolicy(s.emulator()),
                                        7,
                                        s.tags("alias/tap-test-contract")),
                                "TagResource")
                        .deletionScheduled(),
                entry(
                        Kinds.VPC,
                        c -> new VpcHandler(c.ec2(), c.waiterConfig(), c.eventually()),
                        s -> new VpcSpec("tap-test-contract", "10.30.0.0/16", true, true, s.tags("tap-test-contract")),
                        "CreateTags"),
                entry(
                        Kinds.INTERNET_GATEWAY,
                        c -> new InternetGatewayHandler(c.ec2(), c.eventually()),
                        s -> new InternetGatewaySpec("tap-test-contract", s.vpcId(), s.tags("tap-test-contract")),
                        "CreateTags"),
                entry(
                        Kinds.SUBNET,
                        c -> new SubnetHandler(c.ec2(), c.waiterConfig(), c.eventually()),
                        s -> new SubnetSpec(
                                "tap-test-contract",
                                s.vpcId(),
                                "10.20.0.0/20",
                                "us-east-1a",
                                false,
                                s.tags("tap-test-contract")),
                        "CreateTags"),
                entry(
                        Kinds.ELASTIC_IP,
                        c -> new ElasticIpHandler(c.ec2(), c.eventually()),
                        s -> new ElasticIpSpec("tap-test-contract", s.tags("tap-test-contract")),
                        "CreateTags"),
                entry(
                        Kinds.NAT_GATEWAY,
                        c -> new NatGatewayHandler(c.ec2(), c.waiterConfig(), c.eventually()),
                        s -> new NatGatewaySpec(
                                "tap-test-contract",
                                s.subnetId(s.vpcId()),
                                s.allocationId(),
                                s.tags("tap-test-contract")),
                        "CreateTags"),
                entry(
                        Kinds.ROUTE_TABLE,
                        c -> new RouteTableHandler(c.ec2(), c.eventually()),
                        s -> {
                            String vpcId = s.vpcId();
                            return new RouteTableSpec(
                                    "tap-test-contract",
                                    vpcId,
                                    List.of(),
                                    List.of(s.subnetId(vpcId)),
                                    s.tags("tap-test-contract"));
                        },
                        "CreateTags"),
                entry(
                        Kinds.SECURITY_GROUP,
                        c -> new SecurityGroupHandler(c.ec2(), c.eventually()),
                        s -> new SecurityGroupSpec(
                                "tap-test-contract",
                                s.vpcId(),
                                "contract test group",
                                List.of(),
                                s.tags("tap-test-contract")),
                        "CreateTags"),
                entry(
                        Kinds.VPC_ENDPOINT,
                        c -> new VpcEndpointHandler(c.ec2(), c.waiterConfig(), c.eventually()),
                        s -> {
                            String vpcId = s.vpcId();
                            return new VpcEndpointSpec(
                                    "tap-test-contract",
                                    vpcId,
                                    "com.amazonaws.us-east-1.s3",
                                    VpcEndpointSpec.Type.GATEWAY,
                                    List.of(s.routeTableId(vpcId)),
                                    List.of(),
                                    List.of(),
                                    false,
                                    TapStack.DEFAULT_ENDPOINT_POLICY,
                                    s.tags("tap-test-contract"));
                        },
                        "CreateTags"),
                entry(
                        Kinds.LOG_GROUP,
                        c -> new LogGroupHandler(c.logs()),
                        s -> new LogGroupSpec("/tap/test/contract", 14, s.logsKeyArn(), s.tags("/tap/test/contract")),
                        "TagResource"),
                entry(
                                Kinds.SECRET,
                                c -> new SecretHandler(c.secrets()),
                                s -> new SecretSpec(
                                        "tap-test-contract",
                                        "contract test secret",
                                        s.kmsKeyArn(),
                                        "admin",
                                        24,
                                        "\"@/'",
                                        7,
                                        s.tags("tap-test-contract")),
                                "TagResource")
                        .deletionScheduled(),
                entry(
                        Kinds.IAM_ROLE,
                        c -> new IamRoleHandler(c.iam(), c.eventually()),
                        s -> new IamRoleSpec(
                                "tap-test-contract",
                                "contract test role",
                                Sample.ec2Trust(),
                                Map.of(
                                        "tap-test-contract",
                                        Policies.document(Policies.allow(
                                                "Describe", List.of("ec2:DescribeInstances"), List.of("*")))),
                                List.of(),
                                s.tags("tap-test-contract")),
                        "TagRole"),
                entry(
                        Kinds.FLOW_LOG,
                        c -> new FlowLogHandler(c.ec2()),
                        s -> new FlowLogSpec(
                                "tap-test-contract",
                                s.vpcId(),
                                "ALL",
                                s.logGroupName(),
                                s.roleArn("vpc-flow-logs.amazonaws.com"),
                                600,
                                s.tags("tap-test-contract")),
                        "CreateTags"),
                entry(
                        Kinds.INSTANCE_PROFILE,
                        c -> new InstanceProfileHandler(c.iam(), c.waiterConfig()),
                        s -> new InstanceProfileSpec(
                                "tap-test-contract", s.roleName("ec2.amazonaws.com"), s.tags("tap-test-contract")),
                        "TagInstanceProfile"),
                entry(
                        Kinds.INSTANCE,
                        c -> new InstanceHandler(c.ec2(), c.waiterConfig(), c.eventually()),
                        s -> {
                            String vpcId = s.vpcId();
                            return new InstanceSpec(
                                    "tap-test-contract",
                                    Ec2TestSupport.amazonLinuxAmi(s.clients().ec2()),
                                    "t3.micro",
                                    s.subnetId(vpcId),
                                    List.of(s.securityGroupId(vpcId)),
                                    null,
                                    true,
                                    20,
                                    s.kmsKeyArn(),
                                    s.tags("tap-test-contract"));
                        },
                        "CreateTags"),
                entry(
                        Kinds.FUNCTION,
                        c -> new FunctionHandler(c.lambda(), c.logs(), c.waiterConfig(), c.eventually()),
                        s -> s.function("tap-test-contract", s.executionRole("tap-test-contract")),
                        "TagResource"),
                entry(
                        Kinds.LAMBDA_PERMISSION,
                        c -> new LambdaPermissionHandler(c.lambda()),
                        s -> new LambdaPermissionSpec(
                                s.functionName("tap-test-contract"),
                                "tap-test-contract",
                                "lambda:InvokeFunction",
                                "apigateway.amazonaws.com",
                                "arn:aws:execute-api:us-east-1:" + s.emulator().accountId() + ":abc123/*/GET/items")),
                entry(
                        Kinds.DB_SUBNET_GROUP,
                        c -> new DbSubnetGroupHandler(c.rds(), c.waiterConfig()),
                        s -> new DbSubnetGroupSpec(
                                "tap-test-contract", "contract subnets", s.subnetIds(), s.tags("tap-test-contract")),
                        "AddTagsToResource"),
                entry(
                        Kinds.DB_INSTANCE,
                        c -> new DbInstanceHandler(c.rds(), c.secrets(), c.waiterConfig(), Clock.systemUTC()),
                        s -> new DbInstanceSpec(
                                "tap-test-contract",
                                "postgres",
                                "16",
                                "db.t4g.micro",
                                20,
                                "gp3",
                                s.kmsKeyArn(),
                                false,
                                false,
                                1,
                                false,
                                s.dbSubnetGroup("tap-test-contract"),
                                List.of(s.securityGroupId()),
                                "app",
                                s.masterSecretArn(),
                                "app",
                                5432,
                                "tap-test-contract-final",
                                s.tags("tap-test-contract")),
                        "AddTagsToResource"),
                entry(
                        Kinds.TABLE,
                        c -> new TableHandler(c.dynamodb(), c.waiterConfig()),
                        s -> new TableSpec(
                                "tap-test-contract",
                                new KeyAttribute("pk", "S"),
                                null,
                                "PAY_PER_REQUEST",
                                s.kmsKeyArn(),
                                false,
                                false,
                                s.tags("tap-test-contract")),
                        "TagResource"),
                entry(
                        Kinds.BUCKET,
                        c -> new BucketHandler(c.s3(), c.cloudwatch()),
                        s -> new BucketSpec(
                                "tap-test-contract", s.kmsKeyArn(), false, true, null, s.tags("tap-test-contract")),
                        "PutBucketTagging"),
                entry(
                        Kinds.QUEUE,
                        c -> new QueueHandler(c.sqs(), c.eventually()),
                        s -> new QueueSpec("tap-test-contract", s.kmsKeyArn(), 1_209_600, s.tags("tap-test-contract")),
                        "TagQueue"),
                entry(
                        Kinds.TOPIC,
                        c -> new TopicHandler(c.sns()),
                        s -> new TopicSpec(
                                "tap-test-contract",
                                "arn:aws:sns:" + s.emulator().region() + ":"
                                        + s.emulator().accountId() + ":tap-test-contract",
                                s.kmsKeyArn(),
                                s.tags("tap-test-contract")),
                        "TagResource"),
                entry(
                        Kinds.TOPIC_SUBSCRIPTION,
                        c -> new SubscriptionHandler(c.sns(), c::accountId, c.region()),
                        // A queue's subscription is confirmed at once; an address's stays pending for SNS to remove.
                        s -> new SubscriptionSpec(s.topicArn("tap-test-alarms"), "sqs", s.queueArn("tap-test-alerts"))),
                entry(
                        Kinds.ALARM,
                        c -> new AlarmHandler(c.cloudwatch()),
                        s -> new AlarmSpec(
                                "tap-test-contract-errors",
                                "Invocations of tap-test-api failed",
                                "AWS/Lambda",
                                "Errors",
                                Map.of("FunctionName", "tap-test-api"),
                                "Sum",
                                300,
                                1,
                                1.0,
                                "GreaterThanOrEqualToThreshold",
                                "notBreaching",
                                List.of(s.topicArn("tap-test-alarms")),
                                s.tags("tap-test-contract-errors")),
                        "TagResource"),
                entry(
                                Kinds.API_ACCOUNT,
                                c -> new ApiAccountHandler(c.apigateway(), c.eventually()),
                                s -> new ApiAccountSpec(
                                        ApiGatewayTestSupport.loggingRole(s.clients(), "tap-test-contract")))
                        .keptByDelete(),
                entry(
                        Kinds.REST_API,
                        c -> new RestApiHandler(c.apigateway()),
                        s -> ApiGatewayTestSupport.restApi(s.tags("tap-test-api")),
                        "TagResource"),
                // The parts of an API record their spec hash on the API (API Gateway tags none of them).
                entry(
                        Kinds.API_ROUTES,
                        c -> new ApiRoutesHandler(c.apigateway()),
                        s -> new ApiRoutesSpec(
                                s.bareRestApiId(),
                                List.of("/items"),
                                ApiGatewayTestSupport.FUNCTION_URI,
                                ApiGatewayTestSupport.CORS),
                        "TagResource"),
                entry(
                        Kinds.GATEWAY_RESPONSES,
                        c -> new GatewayResponsesHandler(c.apigateway()),
                        s -> new GatewayResponsesSpec(s.bareRestApiId(), ApiGatewayTestSupport.CORS),
                        "TagResource"),
                entry(
                        Kinds.API_KEY,
                        c -> new ApiKeyHandler(c.apigateway()),
                        s -> new ApiKeySpec("tap-test-contract", "contract key", true, s.tags("tap-test-contract")),
                        "TagResource"),
                entry(
                        Kinds.STAGE,
                        c -> new StageHandler(c.apigateway()),
                        s -> new StageSpec(s.restApiId(), "v1", "fp-1", 100, 50, null, null, s.tags("v1")),
                        "TagResource"),
                entry(
                        Kinds.USAGE_PLAN,
                        c -> new UsagePlanHandler(c.apigateway()),
                        s -> new UsagePlanSpec(
                                "tap-test-contract",
                                s.restApiIdWithStage("v1"),
                                "v1",
                                100,
                                50,
                                1000,
                                "MONTH",
                                s.tags("tap-test-contract")),
                        "TagResource"),
                entry(
                        Kinds.USAGE_PLAN_KEY,
                        c -> new UsagePlanKeyHandler(c.apigateway()),
                        s -> new UsagePlanKeySpec(
                                s.usagePlanId("tap-test-contract"),
                                s.apiKeyId("tap-test-contract"),
                                "tap-test-contract")));
    }

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

    /** The kinds that take a final snapshot before they go: SNAPSHOT is theirs. */
    private static final Set<Kind<?>> KEEP_FINAL_SNAPSHOTS = Set.of(Kinds.DB_INSTANCE);

    static Stream<Entry<?, ?>> kindsWithoutSnapshots() {
        return kinds().filter(entry -> !KEEP_FINAL_SNAPSHOTS.contains(entry.kind()));
    }

    /** Kinds AWS can tag record the spec hash in their tags; their entries name the calls that write them. */
    static Stream<Entry<?, ?>> taggedKinds() {
        return kinds().filter(entry -> !entry.tagWrites().isEmpty());
    }

    static Stream<Entry<?, ?>> untaggedKinds() {
        return kinds().filter(entry -> entry.tagWrites().isEmpty());
    }

    /** Kinds whose delete leaves nothing behind: not a scheduled deletion, not an account-wide setting. */
    static Stream<Entry<?, ?>> kindsGoneAfterDelete() {
        return kinds().filter(entry -> !entry.stillThereAfterDelete());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kindsWithoutSnapshots")
    <S, L> void snapshotIsRefusedWithoutACallForAKindThatKeepsNoSnapshots(Entry<S, L> entry, Emulator emulator) {
        try (Run<S, L> run = new Run<>(entry, emulator)) {
            assertThat(run.handler)
                    .as("listed in KEEP_FINAL_SNAPSHOTS if it keeps them")
                    .isNotInstanceOf(KeepsFinalSnapshots.class);
            L live = run.handler.create(run.spec, run.ctx);
            run.calls.clear();

            assertThatThrownBy(() -> Deletions.byPolicy(run.handler, run.spec, live, DeletionPolicy.SNAPSHOT, run.ctx))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("SNAPSHOT");
            assertThat(run.calls.calls()).isEmpty();
            assertThat(run.handler.read(run.spec, run.ctx)).isPresent();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("untaggedKinds")
    <S, L> void aKindWithoutTagWritesRecordsNoSpecHash(Entry<S, L> entry, Emulator emulator) {
        try (Run<S, L> run = new Run<>(entry, emulator)) {
            assertThat(SpecHashes.recordedBy(run.handler))
                    .as("an entry without tag writes is an untagged kind")
                    .isFalse();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("taggedKinds")
    <S, L> void anUpdateWithOnlyANewSpecHashRewritesTheTagsAndNothingElse(Entry<S, L> entry, Emulator emulator) {
        try (Run<S, L> run = new Run<>(entry, emulator)) {
            assertThat(SpecHashes.recordedBy(run.handler))
                    .as("a kind with tag writes records the spec hash")
                    .isTrue();
            L live = run.handler.create(run.spec, run.ctx);
            run.calls.clear();

            run.handler.update(run.spec, live, List.of(), new TestContext(run.ctx.logicalId(), "hash-2"));

            assertThat(run.calls.mutating())
                    .extracting(CallLog.Call::operation)
                    .containsExactlyElementsOf(entry.tagWrites());
            L read = run.handler.read(run.spec, run.ctx).orElseThrow();
            assertThat(SpecHashes.applied(run.handler, read)).contains("hash-2");
            assertThat(run.handler.diff(run.spec, read)).isEmpty();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kindsGoneAfterDelete")
    <S, L> void aDeleteOfAnObjectAlreadyGoneIsDone(Entry<S, L> entry, Emulator emulator) {
        try (Run<S, L> run = new Run<>(entry, emulator)) {
            L live = run.handler.create(run.spec, run.ctx);
            DeleteResult first = Deletions.byPolicy(run.handler, run.spec, live, DeletionPolicy.DELETE, run.ctx);
            assertThat(run.handler.read(run.spec, run.ctx))
                    .as("after the delete")
                    .isEmpty();

            DeleteResult again = Deletions.byPolicy(run.handler, run.spec, live, DeletionPolicy.DELETE, run.ctx);
            assertThat(again).as("a delete of what is gone").isEqualTo(first);
        }
    }

    /**
     * A handler's outputs are what its spec declares its dependants may read (the spec's
     * {@code OutputKey} constants, found here on their own): a key the live view cannot give, or
     * one the handler forgets, fails here rather than in a dependant's lookup.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    <S, L> void theOutputsOfACreatedObjectAreTheKeysItsSpecDeclares(Entry<S, L> entry, Emulator emulator) {
        try (Run<S, L> run = new Run<>(entry, emulator)) {
            L live = run.handler.create(run.spec, run.ctx);

            Set<String> declared = Arrays.stream(entry.kind().specType().getDeclaredFields())
                    .filter(field -> field.getType() == OutputKey.class && Modifier.isStatic(field.getModifiers()))
                    .map(field -> {
                        try {
                            return ((OutputKey<?>) field.get(null)).name();
                        } catch (IllegalAccessException e) {
                            throw new IllegalStateException(e);
                        }
                    })
                    .collect(Collectors.toSet());
            assertThat(run.handler.outputs(live).values()).containsOnlyKeys(declared);
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

    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    <S, L> void aPlansReadWithItsCallsAtOnceFindsWhatAReadOneCallAtATimeFinds(Entry<S, L> entry, Emulator emulator) {
        try (Run<S, L> run = new Run<>(entry, emulator);
                ConcurrentReads atOnce = new ConcurrentReads()) {
            run.handler.create(run.spec, run.ctx);
            L oneAtATime = run.handler.read(run.spec, run.ctx).orElseThrow();
            run.calls.clear();

            L planned = run.handler
                    .read(run.spec, run.ctx.sharing(new PlanReads()).readingAtOnce(atOnce))
                    .orElseThrow();

            assertThat(planned).isEqualTo(oneAtATime);
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
     * @param stillThereAfterDelete whether the object is still there after a delete: a key or a
     *                              secret only has its deletion scheduled, the account-wide API
     *                              Gateway setting keeps its role
     */
    record Entry<S, L>(
            Kind<S> kind,
            Function<AwsClients, ResourceHandler<S, L>> handler,
            Function<Sample, S> sample,
            List<String> tagWrites,
            boolean stillThereAfterDelete) {

        /** This entry, for a kind whose delete only schedules the deletion. */
        Entry<S, L> deletionScheduled() {
            return new Entry<>(kind, handler, sample, tagWrites, true);
        }

        /** This entry, for a kind whose delete leaves the object as it is (an account-wide setting). */
        Entry<S, L> keptByDelete() {
            return new Entry<>(kind, handler, sample, tagWrites, true);
        }

        @Override
        public String toString() {
            return kind.name();
        }
    }

    private static <S, L> Entry<S, L> entry(
            Kind<S> kind,
            Function<AwsClients, ResourceHandler<S, L>> handler,
            Function<Sample, S> sample,
            String... tagWrites) {
        return new Entry<>(kind, handler, sample, List.of(tagWrites), false);
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

        /** A subnet of that VPC. */
        String subnetId(String vpcId) {
            return clients.ec2()
                    .createSubnet(r -> r.vpcId(vpcId).cidrBlock("10.20.64.0/24").availabilityZone("us-east-1a"))
                    .subnet()
                    .subnetId();
        }

        /** A route table of that VPC. */
        String routeTableId(String vpcId) {
            return clients.ec2()
                    .createRouteTable(r -> r.vpcId(vpcId))
                    .routeTable()
                    .routeTableId();
        }

        /** A security group of that VPC. */
        String securityGroupId(String vpcId) {
            return clients.ec2()
                    .createSecurityGroup(r ->
                            r.vpcId(vpcId).groupName("tap-test-contract-peer").description("peer"))
                    .groupId();
        }

        /** An Elastic IP address. */
        String allocationId() {
            return clients.ec2().allocateAddress(r -> r.domain(DomainType.VPC)).allocationId();
        }

        /** A customer-managed key. */
        String kmsKeyArn() {
            return HandlerFixture.kmsKeyArn(clients);
        }

        /** A log group. */
        String logGroupName() {
            clients.logs().createLogGroup(r -> r.logGroupName("/tap/test/contract-peer"));
            return "/tap/test/contract-peer";
        }

        /** A role {@code service} may assume; its name. */
        String roleName(String service) {
            return clients.iam()
                    .createRole(r -> r.roleName("tap-test-contract-peer")
                            .assumeRolePolicyDocument(PolicyDocuments.toJson(trust(service))))
                    .role()
                    .roleName();
        }

        /** A role {@code service} may assume; its ARN. */
        String roleArn(String service) {
            String name = roleName(service);
            return clients.iam().getRole(r -> r.roleName(name)).role().arn();
        }

        static ObjectNode ec2Trust() {
            return trust("ec2.amazonaws.com");
        }

        private static ObjectNode trust(String service) {
            return Policies.document(
                    Policies.allowPrincipal("Assume", "Service", service, List.of("sts:AssumeRole"), List.of()));
        }

        /** A key CloudWatch Logs may use, with the stack's key policy. */
        String logsKeyArn() {
            return clients.kms()
                    .createKey(r -> r.description("contract test key")
                            .policy(PolicyDocuments.toJson(HandlerTestSupport.keyPolicy(emulator))))
                    .keyMetadata()
                    .arn();
        }

        /** Two subnets of a new VPC, in two zones, as a DB subnet group needs. */
        List<String> subnetIds() {
            String vpc = clients.ec2()
                    .createVpc(r -> r.cidrBlock("10.30.0.0/16"))
                    .vpc()
                    .vpcId();
            return List.of(
                    clients.ec2()
                            .createSubnet(
                                    r -> r.vpcId(vpc).cidrBlock("10.30.0.0/20").availabilityZone("us-east-1a"))
                            .subnet()
                            .subnetId(),
                    clients.ec2()
                            .createSubnet(
                                    r -> r.vpcId(vpc).cidrBlock("10.30.16.0/20").availabilityZone("us-east-1b"))
                            .subnet()
                            .subnetId());
        }

        /** A DB subnet group named {@code name} over {@link #subnetIds()}. */
        String dbSubnetGroup(String name) {
            return clients.rds()
                    .createDBSubnetGroup(r -> r.dbSubnetGroupName(name)
                            .dbSubnetGroupDescription(name)
                            .subnetIds(subnetIds()))
                    .dbSubnetGroup()
                    .dbSubnetGroupName();
        }

        String securityGroupId() {
            String vpc = clients.ec2()
                    .createVpc(r -> r.cidrBlock("10.31.0.0/16"))
                    .vpc()
                    .vpcId();
            return clients.ec2()
                    .createSecurityGroup(r -> r.groupName("tap-test-contract")
                            .description("contract")
                            .vpcId(vpc))
                    .groupId();
        }

        /** A secret holding the master credentials, as the stack's database secret does. */
        String masterSecretArn() {
            return clients.secrets()
                    .createSecret(r -> r.name("tap-test-contract-db")
                            .secretString("{\"username\":\"app\",\"password\":\"correct-horse-battery\"}"))
                    .arn();
        }

        String topicArn(String name) {
            return clients.sns().createTopic(r -> r.name(name)).topicArn();
        }

        String queueArn(String name) {
            String url = clients.sqs().createQueue(r -> r.queueName(name)).queueUrl();
            return clients.sqs()
                    .getQueueAttributes(r -> r.queueUrl(url).attributeNamesWithStrings("QueueArn"))
                    .attributesAsStrings()
                    .get("QueueArn");
        }

        String executionRole(String name) {
            return LambdaTestSupport.executionRole(clients, name);
        }

        /** The spec of a function of one small handler file, run by {@code roleArn}. */
        FunctionSpec function(String name, String roleArn) {
            Path zip = zip(name);
            return new FunctionSpec(
                    name,
                    "python3.12",
                    "handler.handler",
                    128,
                    10,
                    null,
                    roleArn,
                    FunctionHandler.codeSha256(LambdaTestSupport.bytes(zip)),
                    zip,
                    Map.of(),
                    null,
                    null,
                    null,
                    null,
                    tags(name));
        }

        /** A function made directly, for what belongs to one; returns its name. */
        String functionName(String name) {
            Path zip = zip(name);
            return clients.lambda()
                    .createFunction(r -> r.functionName(name)
                            .runtime("python3.12")
                            .handler("handler.handler")
                            .role(executionRole(name))
                            .code(c -> c.zipFile(SdkBytes.fromByteArray(LambdaTestSupport.bytes(zip)))))
                    .functionName();
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

        /** A REST API as CreateRestApi makes it: the root resource alone, no method. */
        String bareRestApiId() {
            return clients.apigateway()
                    .createRestApi(r -> r.name("tap-test-contract"))
                    .id();
        }

        /** A REST API with one mock method, so that it can be deployed. */
        String restApiId() {
            ApiGatewayClient apigateway = clients.apigateway();
            String api =
                    apigateway.createRestApi(r -> r.name("tap-test-contract")).id();
            String root = apigateway
                    .getResources(r -> r.restApiId(api))
                    .items()
                    .get(0)
                    .id();
            apigateway.putMethod(
                    r -> r.restApiId(api).resourceId(root).httpMethod("GET").authorizationType("NONE"));
            apigateway.putIntegration(
                    r -> r.restApiId(api).resourceId(root).httpMethod("GET").type(IntegrationType.MOCK));
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
            return clients.apigateway()
                    .createApiKey(r -> r.name(name).enabled(true))
                    .id();
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
