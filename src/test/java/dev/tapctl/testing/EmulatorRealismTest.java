package dev.tapctl.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.retry.backoff.FixedDelayBackoffStrategy;
import software.amazon.awssdk.core.waiters.WaiterOverrideConfiguration;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.TableStatus;
import software.amazon.awssdk.services.dynamodb.waiters.DynamoDbWaiter;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.InstanceStateName;
import software.amazon.awssdk.services.ec2.waiters.Ec2Waiter;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.ResourceConflictException;
import software.amazon.awssdk.services.lambda.model.Runtime;
import software.amazon.awssdk.services.lambda.model.State;
import software.amazon.awssdk.services.lambda.waiters.LambdaWaiter;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.InvalidDbInstanceStateException;
import software.amazon.awssdk.services.rds.waiters.RdsWaiter;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueDeletedRecentlyException;

/**
 * The emulator's realism mode seen through the Java SDK: the {@link Realism} helper, and that the
 * SDK reads realism's answers (error codes, rewritten states) and its waiters get through. The
 * behaviours themselves are tested in scripts/test_emulator_realism.py.
 */
@ExtendWith(EmulatorExtension.class)
class EmulatorRealismTest {

    private static final Map<String, Double> SHORT = Map.ofEntries(
            Map.entry("iam_propagation", 1.0),
            Map.entry("ec2_consistency", 1.0),
            Map.entry("lambda_pending", 1.0),
            Map.entry("lambda_update", 1.0),
            Map.entry("rds_creating", 1.0),
            Map.entry("rds_deleting", 1.0),
            Map.entry("dynamodb_creating", 1.0),
            Map.entry("ec2_pending", 1.0),
            Map.entry("ec2_shutting_down", 1.0),
            Map.entry("sqs_queue_name_reuse", 2.0));
    private static final WaiterOverrideConfiguration FAST = WaiterOverrideConfiguration.builder()
            .maxAttempts(40)
            .backoffStrategy(FixedDelayBackoffStrategy.create(Duration.ofMillis(200)))
            .build();
    private static final String AMI = "ami-12c6146b";

    private final PlainClients clients = new PlainClients();
    private Emulator emulator;
    private Realism realism;

    @BeforeEach
    void realism(Emulator emulator) {
        this.emulator = emulator;
        this.realism = emulator.realism();
    }

    @AfterEach
    void closeClients() throws Exception {
        clients.close();
    }

    @Test
    void isOffAfterResetAndCountsWhatFired() {
        assertThat(realism.enabled()).isFalse();
        assertThat(realism.counts())
                .containsEntry("ec2.not_found", 0)
                .containsKey("apigateway.too_many_requests.Total");
        realism.enable(SHORT);
        assertThat(realism.enabled()).isTrue();

        Ec2Client ec2 = clients.build(Ec2Client.builder(), emulator);
        String vpc = ec2.createVpc(r -> r.cidrBlock("10.0.0.0/16")).vpc().vpcId();
        AwsServiceException notFound =
                catchThrowableOfType(() -> ec2.describeVpcs(r -> r.vpcIds(vpc)), AwsServiceException.class);
        assertThat(notFound).isNotNull();
        assertThat(notFound.awsErrorDetails().errorCode()).isEqualTo("InvalidVpcID.NotFound");
        assertThat(notFound.awsErrorDetails().errorMessage()).isEqualTo("The vpc ID '" + vpc + "' does not exist");
        assertThat(realism.count("ec2.not_found")).isEqualTo(1);

        realism.disable();
        assertThat(realism.enabled()).isFalse();
        assertThat(realism.count("ec2.not_found")).isZero();
        assertThat(ec2.describeVpcs(r -> r.vpcIds(vpc)).vpcs()).hasSize(1);
    }

    @Test
    void sqsNameReuseIsTheSdksQueueDeletedRecentlyException() {
        realism.enable(SHORT);
        SqsClient sqs = clients.build(SqsClient.builder(), emulator);
        sqs.deleteQueue(
                r -> r.queueUrl(sqs.createQueue(q -> q.queueName("tap-dev-q")).queueUrl()));
        QueueDeletedRecentlyException refused = catchThrowableOfType(
                () -> sqs.createQueue(q -> q.queueName("tap-dev-q")), QueueDeletedRecentlyException.class);
        assertThat(refused).isNotNull();
        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(realism.count("sqs.queue_deleted_recently")).isEqualTo(1);
    }

    @Test
    void lambdaWaitersGetThroughPendingAndInProgress() {
        IamClient iam = clients.build(IamClient.builder(), emulator);
        String role = iam.createRole(r -> r.roleName("tap-dev-fn")
                        .assumeRolePolicyDocument(
                                "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":"
                                        + "{\"Service\":\"lambda.amazonaws.com\"},\"Action\":\"sts:AssumeRole\"}]}"))
                .role()
                .arn();
        realism.enable(SHORT);
        LambdaClient lambda = clients.build(LambdaClient.builder(), emulator);
        lambda.createFunction(r -> r.functionName("tap-dev-fn")
                .runtime(Runtime.PYTHON3_12)
                .handler("index.handler")
                .role(role)
                .code(c -> c.zipFile(SdkBytes.fromByteArray(zip()))));
        assertThat(lambda.getFunction(r -> r.functionName("tap-dev-fn"))
                        .configuration()
                        .state())
                .isEqualTo(State.PENDING);
        assertThatThrownBy(() -> lambda.updateFunctionConfiguration(
                        r -> r.functionName("tap-dev-fn").timeout(5)))
                .isInstanceOf(ResourceConflictException.class);
        LambdaWaiter waiter = clients.add(LambdaWaiter.builder()
                .client(lambda)
                .overrideConfiguration(FAST)
                .build());
        waiter.waitUntilFunctionActiveV2(r -> r.functionName("tap-dev-fn"));
        lambda.updateFunctionConfiguration(r -> r.functionName("tap-dev-fn").timeout(5));
        waiter.waitUntilFunctionUpdatedV2(r -> r.functionName("tap-dev-fn"));
        assertThat(realism.count("lambda.conflict")).isEqualTo(1);
        assertThat(realism.count("lambda.pending")).isGreaterThanOrEqualTo(1);
    }

    @Test
    void dynamoDbTableExistsWaiterGetsThroughCreating() {
        realism.enable(SHORT);
        DynamoDbClient dynamodb = clients.build(DynamoDbClient.builder(), emulator);
        dynamodb.createTable(r -> r.tableName("tap-dev-t")
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(a -> a.attributeName("k").attributeType(ScalarAttributeType.S))
                .keySchema(k -> k.attributeName("k").keyType(KeyType.HASH)));
        assertThat(dynamodb.describeTable(r -> r.tableName("tap-dev-t")).table().tableStatus())
                .isEqualTo(TableStatus.CREATING);
        assertThatThrownBy(() -> dynamodb.deleteTable(r -> r.tableName("tap-dev-t")))
                .isInstanceOf(ResourceInUseException.class);
        DynamoDbWaiter waiter = clients.add(DynamoDbWaiter.builder()
                .client(dynamodb)
                .overrideConfiguration(FAST)
                .build());
        waiter.waitUntilTableExists(r -> r.tableName("tap-dev-t"));
        assertThat(dynamodb.describeTable(r -> r.tableName("tap-dev-t")).table().tableStatus())
                .isEqualTo(TableStatus.ACTIVE);
    }

    @Test
    void rdsAndEc2WaitersGetThroughTheirStates() {
        Ec2Client ec2 = clients.build(Ec2Client.builder(), emulator);
        RdsClient rds = clients.build(RdsClient.builder(), emulator);
        String vpc = ec2.createVpc(r -> r.cidrBlock("10.0.0.0/16")).vpc().vpcId();
        String a = ec2.createSubnet(r -> r.vpcId(vpc).cidrBlock("10.0.1.0/24").availabilityZone("us-east-1a"))
                .subnet()
                .subnetId();
        String b = ec2.createSubnet(r -> r.vpcId(vpc).cidrBlock("10.0.2.0/24").availabilityZone("us-east-1b"))
                .subnet()
                .subnetId();
        rds.createDBSubnetGroup(r ->
                r.dbSubnetGroupName("tap-dev-db").dbSubnetGroupDescription("d").subnetIds(a, b));
        realism.enable(SHORT);

        rds.createDBInstance(r -> r.dbInstanceIdentifier("tap-dev-db")
                .dbInstanceClass("db.t3.micro")
                .engine("postgres")
                .masterUsername("tap")
                .masterUserPassword("password123")
                .allocatedStorage(20)
                .dbSubnetGroupName("tap-dev-db"));
        assertThat(rds.describeDBInstances(r -> r.dbInstanceIdentifier("tap-dev-db"))
                        .dbInstances()
                        .get(0)
                        .dbInstanceStatus())
                .isEqualTo("creating");
        assertThatThrownBy(() -> rds.deleteDBInstance(
                        r -> r.dbInstanceIdentifier("tap-dev-db").skipFinalSnapshot(true)))
                .isInstanceOf(InvalidDbInstanceStateException.class);
        RdsWaiter rdsWaiter = clients.add(
                RdsWaiter.builder().client(rds).overrideConfiguration(FAST).build());
        rdsWaiter.waitUntilDBInstanceAvailable(r -> r.dbInstanceIdentifier("tap-dev-db"));
        rds.deleteDBInstance(r -> r.dbInstanceIdentifier("tap-dev-db").finalDBSnapshotIdentifier("tap-dev-final"));
        assertThat(rds.describeDBInstances(r -> r.dbInstanceIdentifier("tap-dev-db"))
                        .dbInstances()
                        .get(0)
                        .dbInstanceStatus())
                .isEqualTo("deleting");
        rdsWaiter.waitUntilDBInstanceDeleted(r -> r.dbInstanceIdentifier("tap-dev-db"));

        String instance = ec2.runInstances(
                        r -> r.imageId(AMI).minCount(1).maxCount(1).subnetId(a))
                .instances()
                .get(0)
                .instanceId();
        assertThat(ec2.describeInstances(r -> r.instanceIds(instance))
                        .reservations()
                        .get(0)
                        .instances()
                        .get(0)
                        .state()
                        .name())
                .isEqualTo(InstanceStateName.PENDING);
        Ec2Waiter ec2Waiter = clients.add(
                Ec2Waiter.builder().client(ec2).overrideConfiguration(FAST).build());
        ec2Waiter.waitUntilInstanceRunning(r -> r.instanceIds(instance));
        ec2.terminateInstances(r -> r.instanceIds(instance));
        AwsServiceException held =
                catchThrowableOfType(() -> ec2.deleteSubnet(r -> r.subnetId(a)), AwsServiceException.class);
        assertThat(held).isNotNull();
        assertThat(held.awsErrorDetails().errorCode()).isEqualTo("DependencyViolation");
        ec2Waiter.waitUntilInstanceTerminated(r -> r.instanceIds(instance));
        assertThat(realism.count("rds.creating")).isGreaterThanOrEqualTo(1);
        assertThat(realism.count("ec2.pending")).isGreaterThanOrEqualTo(1);
    }

    private static byte[] zip() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            zip.putNextEntry(new ZipEntry("index.py"));
            zip.write("def handler(event, context):\n    return None\n".getBytes(StandardCharsets.UTF_8));
            zip.closeEntry();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }
}
