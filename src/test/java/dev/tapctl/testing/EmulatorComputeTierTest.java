package dev.tapctl.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.retry.backoff.FixedDelayBackoffStrategy;
import software.amazon.awssdk.services.apigateway.ApiGatewayClient;
import software.amazon.awssdk.services.apigateway.model.EndpointType;
import software.amazon.awssdk.services.apigateway.model.GatewayResponse;
import software.amazon.awssdk.services.apigateway.model.GatewayResponseType;
import software.amazon.awssdk.services.apigateway.model.GetGatewayResponseResponse;
import software.amazon.awssdk.services.apigateway.model.IntegrationType;
import software.amazon.awssdk.services.apigateway.model.MethodSetting;
import software.amazon.awssdk.services.apigateway.model.Op;
import software.amazon.awssdk.services.apigateway.model.PatchOperation;
import software.amazon.awssdk.services.apigateway.model.QuotaPeriodType;
import software.amazon.awssdk.services.apigateway.model.Resource;
import software.amazon.awssdk.services.apigateway.model.UsagePlan;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.HttpTokensState;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.InstanceStateName;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.RunInstancesRequest;
import software.amazon.awssdk.services.ec2.model.Volume;
import software.amazon.awssdk.services.ec2.model.VolumeType;
import software.amazon.awssdk.services.ec2.waiters.Ec2Waiter;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.EntityType;
import software.amazon.awssdk.services.iam.model.InstanceProfile;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.ApplicationLogLevel;
import software.amazon.awssdk.services.lambda.model.CreateFunctionRequest;
import software.amazon.awssdk.services.lambda.model.CreateFunctionResponse;
import software.amazon.awssdk.services.lambda.model.FunctionConfiguration;
import software.amazon.awssdk.services.lambda.model.LastUpdateStatus;
import software.amazon.awssdk.services.lambda.model.LogFormat;
import software.amazon.awssdk.services.lambda.model.LoggingConfig;
import software.amazon.awssdk.services.lambda.model.Runtime;
import software.amazon.awssdk.services.lambda.model.State;
import software.amazon.awssdk.services.lambda.model.SystemLogLevel;
import software.amazon.awssdk.services.lambda.waiters.LambdaWaiter;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueDoesNotExistException;
import software.amazon.awssdk.services.sqs.model.QueueNameExistsException;

/**
 * The compute tier (SQS, Lambda, API Gateway REST APIs, EC2 instances, IAM instance profiles)
 * against the emulator: the AWS behaviour tapctl relies on, including each compute-tier patch
 * in scripts/emulation/patches/.
 */
@ExtendWith(EmulatorExtension.class)
class EmulatorComputeTierTest {

    private static final String AL2023 =
            "resolve:ssm:/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64";
    private static final String CANNOT_BE_ASSUMED = "The role defined for the function cannot be assumed by Lambda.";
    private static final String LAMBDA_TRUST = """
            {"Version":"2012-10-17","Statement":[{"Effect":"Allow",
              "Principal":{"Service":"lambda.amazonaws.com"},"Action":"sts:AssumeRole"}]}""";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final PlainClients clients = new PlainClients();
    private Emulator emulator;
    private SqsClient sqs;
    private LambdaClient lambda;
    private ApiGatewayClient apigw;
    private Ec2Client ec2;
    private IamClient iam;
    private KmsClient kms;

    @BeforeEach
    void clients(Emulator emulator) {
        this.emulator = emulator;
        sqs = clients.build(SqsClient.builder(), emulator);
        lambda = clients.build(LambdaClient.builder(), emulator);
        apigw = clients.build(ApiGatewayClient.builder(), emulator);
        ec2 = clients.build(Ec2Client.builder(), emulator);
        iam = clients.build(IamClient.builder(), emulator);
        kms = clients.build(KmsClient.builder(), emulator);
    }

    @AfterEach
    void closeClients() throws Exception {
        clients.close();
    }

    // ---- SQS --------------------------------------------------------------------------------

    @Test
    void queueIsEncryptedTaggedAndNamedByItsArn() {
        String key = key();
        Map<QueueAttributeName, String> attributes = Map.of(
                QueueAttributeName.KMS_MASTER_KEY_ID, key,
                QueueAttributeName.KMS_DATA_KEY_REUSE_PERIOD_SECONDS, "300",
                QueueAttributeName.MESSAGE_RETENTION_PERIOD, "1209600");
        String url = sqs.createQueue(
                        r -> r.queueName("tap-dev-jobs").attributes(attributes).tags(Map.of("env", "dev")))
                .queueUrl();
        assertThat(sqs.getQueueUrl(r -> r.queueName("tap-dev-jobs")).queueUrl()).isEqualTo(url);

        Map<QueueAttributeName, String> all = sqs.getQueueAttributes(
                        r -> r.queueUrl(url).attributeNames(QueueAttributeName.ALL))
                .attributes();
        assertThat(all)
                .containsEntry(QueueAttributeName.QUEUE_ARN, "arn:aws:sqs:us-east-1:123456789012:tap-dev-jobs")
                .containsEntry(QueueAttributeName.KMS_MASTER_KEY_ID, key)
                .containsEntry(QueueAttributeName.KMS_DATA_KEY_REUSE_PERIOD_SECONDS, "300")
                .containsEntry(QueueAttributeName.MESSAGE_RETENTION_PERIOD, "1209600")
                .containsEntry(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES, "0")
                // SSE-KMS and SSE-SQS exclude each other.
                .containsEntry(QueueAttributeName.SQS_MANAGED_SSE_ENABLED, "false");
        assertThat(sqs.listQueueTags(r -> r.queueUrl(url)).tags()).containsExactlyEntriesOf(Map.of("env", "dev"));

        // Same name and same attributes: the existing queue. Other attribute values: refused.
        assertThat(sqs.createQueue(r -> r.queueName("tap-dev-jobs").attributes(attributes))
                        .queueUrl())
                .isEqualTo(url);
        QueueNameExistsException exists = catchThrowableOfType(
                QueueNameExistsException.class,
                () -> sqs.createQueue(r -> r.queueName("tap-dev-jobs")
                        .attributes(Map.of(QueueAttributeName.MESSAGE_RETENTION_PERIOD, "60"))));
        assertThat(exists).isNotNull();
        assertThat(exists.awsErrorDetails().errorCode()).isEqualTo("QueueAlreadyExists");

        sqs.setQueueAttributes(
                r -> r.queueUrl(url).attributes(Map.of(QueueAttributeName.MESSAGE_RETENTION_PERIOD, "345600")));
        assertThat(sqs.getQueueAttributes(
                                r -> r.queueUrl(url).attributeNames(QueueAttributeName.MESSAGE_RETENTION_PERIOD))
                        .attributes())
                .containsEntry(QueueAttributeName.MESSAGE_RETENTION_PERIOD, "345600");
        AwsServiceException outOfRange = error(() -> sqs.setQueueAttributes(
                r -> r.queueUrl(url).attributes(Map.of(QueueAttributeName.MESSAGE_RETENTION_PERIOD, "1209601"))));
        assertThat(outOfRange.awsErrorDetails().errorCode()).isEqualTo("InvalidAttributeValue");
        assertThat(outOfRange.awsErrorDetails().errorMessage())
                .isEqualTo("Invalid value for the parameter MessageRetentionPeriod.");

        sqs.deleteQueue(r -> r.queueUrl(url));
        QueueDoesNotExistException gone = catchThrowableOfType(
                QueueDoesNotExistException.class, () -> sqs.getQueueUrl(r -> r.queueName("tap-dev-jobs")));
        assertThat(gone).isNotNull();
        assertThat(gone.awsErrorDetails().errorCode()).isEqualTo("AWS.SimpleQueueService.NonExistentQueue");
        assertThat(gone.statusCode()).isEqualTo(400);
    }

    // ---- Lambda -----------------------------------------------------------------------------

    @Test
    void functionKeepsDeadLetterAndLoggingConfig() {
        String role = lambdaRole("tap-dev-api");
        String dlq = "arn:aws:sqs:us-east-1:123456789012:tap-dev-dlq";
        byte[] zip = zip("def handler(event, context):\n    return 1\n");
        CreateFunctionResponse created = lambda.createFunction(function("tap-dev-api", role, zip)
                .memorySize(256)
                .timeout(10)
                .environment(e -> e.variables(Map.of("TABLE", "tap-dev-items")))
                .deadLetterConfig(d -> d.targetArn(dlq))
                .loggingConfig(l -> l.logFormat(LogFormat.JSON))
                .tags(Map.of("env", "dev"))
                .build());
        assertThat(created.codeSha256()).isEqualTo(sha256Base64(zip));

        var config = lambda.getFunctionConfiguration(r -> r.functionName("tap-dev-api"));
        assertThat(config.deadLetterConfig().targetArn()).isEqualTo(dlq);
        assertThat(config.loggingConfig())
                .isEqualTo(LoggingConfig.builder()
                        .logFormat(LogFormat.JSON)
                        .logGroup("/aws/lambda/tap-dev-api")
                        .applicationLogLevel(ApplicationLogLevel.INFO)
                        .systemLogLevel(SystemLogLevel.INFO)
                        .build());
        assertThat(config.memorySize()).isEqualTo(256);
        assertThat(config.timeout()).isEqualTo(10);
        assertThat(config.runtime()).isEqualTo(Runtime.PYTHON3_12);
        assertThat(config.handler()).isEqualTo("app.handler");
        assertThat(config.environment().variables()).containsExactlyEntriesOf(Map.of("TABLE", "tap-dev-items"));
        assertThat(lambda.getFunction(r -> r.functionName("tap-dev-api"))
                        .configuration()
                        .deadLetterConfig()
                        .targetArn())
                .isEqualTo(dlq);
        assertThat(lambda.listTags(r -> r.resource(created.functionArn())).tags())
                .containsExactlyEntriesOf(Map.of("env", "dev"));

        var updated = lambda.updateFunctionConfiguration(
                r -> r.functionName("tap-dev-api").loggingConfig(l -> l.logFormat(LogFormat.JSON)
                        .logGroup("/tap/dev/api")
                        .applicationLogLevel(ApplicationLogLevel.DEBUG)
                        .systemLogLevel(SystemLogLevel.WARN)));
        assertThat(updated.loggingConfig().logGroup()).isEqualTo("/tap/dev/api");
        assertThat(updated.loggingConfig().applicationLogLevel()).isEqualTo(ApplicationLogLevel.DEBUG);
        assertThat(updated.loggingConfig().systemLogLevel()).isEqualTo(SystemLogLevel.WARN);

        // Back to Text drops the levels; an empty TargetArn removes the dead-letter queue.
        lambda.updateFunctionConfiguration(r -> r.functionName("tap-dev-api")
                .loggingConfig(l -> l.logFormat(LogFormat.TEXT))
                .deadLetterConfig(d -> d.targetArn("")));
        var text = lambda.getFunctionConfiguration(r -> r.functionName("tap-dev-api"));
        assertThat(text.loggingConfig())
                .isEqualTo(LoggingConfig.builder()
                        .logFormat(LogFormat.TEXT)
                        .logGroup("/tap/dev/api")
                        .build());
        assertThat(text.deadLetterConfig()).isNull();
    }

    @Test
    void functionWithoutLoggingConfigLogsTextToItsOwnGroupAndLevelsNeedJson() {
        String role = lambdaRole("tap-dev-api");
        lambda.createFunction(function("tap-dev-plain", role, zip("x = 1\n")).build());
        var plain = lambda.getFunctionConfiguration(r -> r.functionName("tap-dev-plain"));
        assertThat(plain.loggingConfig())
                .isEqualTo(LoggingConfig.builder()
                        .logFormat(LogFormat.TEXT)
                        .logGroup("/aws/lambda/tap-dev-plain")
                        .build());
        assertThat(plain.deadLetterConfig()).isNull();

        AwsServiceException refused = error(() -> lambda.createFunction(function("tap-dev-text", role, zip("x = 1\n"))
                .loggingConfig(l -> l.logFormat(LogFormat.TEXT).applicationLogLevel(ApplicationLogLevel.INFO))
                .build()));
        assertThat(refused.awsErrorDetails().errorCode()).isEqualTo("InvalidParameterValueException");
        assertThat(refused.awsErrorDetails().errorMessage())
                .isEqualTo(
                        "LogLevel is not supported when LogFormat is set to "
                                + "\"Text\". Remove LogLevel from your request or change the LogFormat to \"Json\" and try again.");
        assertThat(errorCode(() -> lambda.getFunction(r -> r.functionName("tap-dev-text"))))
                .isEqualTo("ResourceNotFoundException");
        assertThat(errorCode(() -> lambda.updateFunctionConfiguration(r ->
                        r.functionName("tap-dev-plain").loggingConfig(l -> l.systemLogLevel(SystemLogLevel.WARN)))))
                .isEqualTo("InvalidParameterValueException");
    }

    @Test
    void accountAuthorizationDetailsArePagedAndTheirTrustPoliciesUrlEncoded() {
        for (String name : List.of("tap-dev-a", "tap-dev-b", "tap-dev-c")) {
            lambdaRole(name);
        }

        var first = iam.getAccountAuthorizationDetails(
                r -> r.filter(EntityType.ROLE).maxItems(2));
        assertThat(first.roleDetailList()).hasSize(2);
        assertThat(first.isTruncated()).isTrue();
        var second = iam.getAccountAuthorizationDetails(
                r -> r.filter(EntityType.ROLE).maxItems(2).marker(first.marker()));
        assertThat(second.roleDetailList()).hasSize(1);
        assertThat(second.isTruncated()).isFalse();
        // As GetRole's, the documents come URL-encoded (RFC 3986); the SDK does not decode them.
        assertThat(first.roleDetailList().get(0).assumeRolePolicyDocument()).startsWith("%7B");
        assertThat(iam
                        .getAccountAuthorizationDetailsPaginator(
                                r -> r.filter(EntityType.ROLE).maxItems(2))
                        .roleDetailList()
                        .stream()
                        .map(d -> d.roleName())
                        .toList())
                .containsExactlyInAnyOrder("tap-dev-a", "tap-dev-b", "tap-dev-c");
    }

    @Test
    void roleThatDoesNotExistCannotBeAssumed() {
        String missing = "arn:aws:iam::123456789012:role/tap-dev-nope";
        AwsServiceException create = error(() -> lambda.createFunction(
                function("tap-dev-api", missing, zip("x = 1\n")).build()));
        assertThat(create.awsErrorDetails().errorCode()).isEqualTo("InvalidParameterValueException");
        assertThat(create.awsErrorDetails().errorMessage()).isEqualTo(CANNOT_BE_ASSUMED);

        lambda.createFunction(function("tap-dev-api", lambdaRole("tap-dev-api"), zip("x = 1\n"))
                .build());
        AwsServiceException update = error(() -> lambda.updateFunctionConfiguration(
                r -> r.functionName("tap-dev-api").role(missing)));
        assertThat(update.awsErrorDetails().errorCode()).isEqualTo("InvalidParameterValueException");
        assertThat(update.awsErrorDetails().errorMessage()).isEqualTo(CANNOT_BE_ASSUMED);
    }

    @Test
    void newCodeChangesTheShaAndTheWaitersSeeTheFunctionReady() {
        String role = lambdaRole("tap-dev-api");
        byte[] first = zip("x = 1\n");
        lambda.createFunction(function("tap-dev-api", role, first).build());
        LambdaWaiter waiter = LambdaWaiter.builder()
                .client(lambda)
                .overrideConfiguration(
                        o -> o.maxAttempts(3).backoffStrategy(FixedDelayBackoffStrategy.create(Duration.ofMillis(10))))
                .build();
        clients.add(waiter);
        FunctionConfiguration active = waiter.waitUntilFunctionActiveV2(r -> r.functionName("tap-dev-api"))
                .matched()
                .response()
                .orElseThrow()
                .configuration();
        assertThat(active.state()).isEqualTo(State.ACTIVE);

        byte[] second = zip("x = 2\n");
        var updated =
                lambda.updateFunctionCode(r -> r.functionName("tap-dev-api").zipFile(SdkBytes.fromByteArray(second)));
        assertThat(updated.codeSha256()).isEqualTo(sha256Base64(second)).isNotEqualTo(sha256Base64(first));
        FunctionConfiguration ready = waiter.waitUntilFunctionUpdatedV2(r -> r.functionName("tap-dev-api"))
                .matched()
                .response()
                .orElseThrow()
                .configuration();
        assertThat(ready.lastUpdateStatus()).isEqualTo(LastUpdateStatus.SUCCESSFUL);

        AwsServiceException missing = error(() -> lambda.getFunction(r -> r.functionName("tap-dev-nope")));
        assertThat(missing.awsErrorDetails().errorCode()).isEqualTo("ResourceNotFoundException");
        assertThat(missing.statusCode()).isEqualTo(404);
    }

    @Test
    void invokePermissionIsOneStatementOfAJsonPolicy() throws IOException {
        lambda.createFunction(function("tap-dev-api", lambdaRole("tap-dev-api"), zip("x = 1\n"))
                .build());
        String sourceArn = "arn:aws:execute-api:us-east-1:123456789012:abc123/*/*/*";
        lambda.addPermission(r -> r.functionName("tap-dev-api")
                .statementId("apigw-invoke")
                .action("lambda:InvokeFunction")
                .principal("apigateway.amazonaws.com")
                .sourceArn(sourceArn));

        AwsServiceException again = error(() -> lambda.addPermission(r -> r.functionName("tap-dev-api")
                .statementId("apigw-invoke")
                .action("lambda:InvokeFunction")
                .principal("apigateway.amazonaws.com")));
        assertThat(again.awsErrorDetails().errorCode()).isEqualTo("ResourceConflictException");
        assertThat(again.statusCode()).isEqualTo(409);

        JsonNode policy = JSON.readTree(
                lambda.getPolicy(r -> r.functionName("tap-dev-api")).policy());
        assertThat(policy.get("Statement")).hasSize(1);
        JsonNode statement = policy.get("Statement").get(0);
        assertThat(statement.get("Sid").asText()).isEqualTo("apigw-invoke");
        assertThat(statement.get("Effect").asText()).isEqualTo("Allow");
        assertThat(statement.get("Action").asText()).isEqualTo("lambda:InvokeFunction");
        assertThat(statement.get("Principal").get("Service").asText()).isEqualTo("apigateway.amazonaws.com");
        assertThat(statement.get("Resource").asText())
                .isEqualTo("arn:aws:lambda:us-east-1:123456789012:function:tap-dev-api");
        assertThat(statement
                        .get("Condition")
                        .get("ArnLike")
                        .get("AWS:SourceArn")
                        .asText())
                .isEqualTo(sourceArn);

        lambda.removePermission(r -> r.functionName("tap-dev-api").statementId("apigw-invoke"));
        assertThat(errorCode(() -> lambda.getPolicy(r -> r.functionName("tap-dev-api"))))
                .isEqualTo("ResourceNotFoundException");
        assertThat(errorCode(() -> lambda.removePermission(
                        r -> r.functionName("tap-dev-api").statementId("apigw-invoke"))))
                .isEqualTo("ResourceNotFoundException");
    }

    // ---- API Gateway ------------------------------------------------------------------------

    @Test
    void resourcesMethodsAndIntegrationsOfARestApi() {
        String api = apigw.createRestApi(r -> r.name("tap-dev")
                        .tags(Map.of("env", "dev"))
                        .endpointConfiguration(e -> e.types(EndpointType.REGIONAL)))
                .id();
        assertThat(apigw.getRestApis(r -> r.limit(500)).items()).singleElement().satisfies(a -> {
            assertThat(a.id()).isEqualTo(api);
            assertThat(a.tags()).containsExactlyEntriesOf(Map.of("env", "dev"));
            assertThat(a.endpointConfiguration().types()).containsExactly(EndpointType.REGIONAL);
        });
        AwsServiceException noMethods = error(() -> apigw.createDeployment(r -> r.restApiId(api)));
        assertThat(noMethods.awsErrorDetails().errorCode()).isEqualTo("BadRequestException");
        assertThat(noMethods.awsErrorDetails().errorMessage()).isEqualTo("The REST API doesn't contain any methods");

        String root = apigw.getResources(r -> r.restApiId(api)).items().get(0).id();
        String items = apigw.createResource(r -> r.restApiId(api).parentId(root).pathPart("items"))
                .id();
        AwsServiceException twice = error(
                () -> apigw.createResource(r -> r.restApiId(api).parentId(root).pathPart("items")));
        assertThat(twice.awsErrorDetails().errorCode()).isEqualTo("ConflictException");
        assertThat(twice.awsErrorDetails().errorMessage())
                .isEqualTo("Another resource with the same parent already has this name: items");

        String uri = "arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/"
                + "arn:aws:lambda:us-east-1:123456789012:function:tap-dev-api/invocations";
        apigw.putMethod(
                r -> r.restApiId(api).resourceId(items).httpMethod("GET").authorizationType("NONE"));
        AwsServiceException noIntegration = error(() ->
                apigw.getIntegration(r -> r.restApiId(api).resourceId(items).httpMethod("GET")));
        assertThat(noIntegration.awsErrorDetails().errorMessage())
                .isEqualTo("Invalid Integration identifier specified");
        assertThat(noIntegration.statusCode()).isEqualTo(404);
        apigw.putIntegration(r -> r.restApiId(api)
                .resourceId(items)
                .httpMethod("GET")
                .type(IntegrationType.AWS_PROXY)
                .integrationHttpMethod("POST")
                .uri(uri));
        apigw.putMethod(
                r -> r.restApiId(api).resourceId(items).httpMethod("OPTIONS").authorizationType("NONE"));
        apigw.putIntegration(r -> r.restApiId(api)
                .resourceId(items)
                .httpMethod("OPTIONS")
                .type(IntegrationType.MOCK)
                .requestTemplates(Map.of("application/json", "{\"statusCode\": 200}")));
        apigw.putMethodResponse(r -> r.restApiId(api)
                .resourceId(items)
                .httpMethod("OPTIONS")
                .statusCode("200")
                .responseParameters(Map.of("method.response.header.Access-Control-Allow-Origin", false)));
        apigw.putIntegrationResponse(r -> r.restApiId(api)
                .resourceId(items)
                .httpMethod("OPTIONS")
                .statusCode("200")
                .responseParameters(Map.of("method.response.header.Access-Control-Allow-Origin", "'*'"))
                .responseTemplates(Map.of("application/json", "{}")));
        assertThat(errorCode(() ->
                        apigw.getMethod(r -> r.restApiId(api).resourceId(items).httpMethod("POST"))))
                .isEqualTo("NotFoundException");

        // Without embed=methods a resource names its methods only; with it, each comes whole.
        Resource bare = resource(apigw.getResources(r -> r.restApiId(api)).items(), "/items");
        assertThat(bare.resourceMethods()).containsOnlyKeys("GET", "OPTIONS");
        assertThat(bare.resourceMethods().get("GET").methodIntegration()).isNull();
        Resource embedded = resource(
                apigw.getResources(r -> r.restApiId(api).embed("methods")).items(), "/items");
        assertThat(embedded.resourceMethods().get("GET").methodIntegration().uri())
                .isEqualTo(uri);
        assertThat(embedded.resourceMethods().get("GET").methodIntegration().type())
                .isEqualTo(IntegrationType.AWS_PROXY);
        var options = embedded.resourceMethods().get("OPTIONS");
        assertThat(options.methodIntegration().requestTemplates())
                .containsEntry("application/json", "{\"statusCode\": 200}");
        assertThat(options.methodIntegration().integrationResponses().get("200").responseParameters())
                .containsEntry("method.response.header.Access-Control-Allow-Origin", "'*'");
        assertThat(options.methodResponses().get("200").responseParameters())
                .containsEntry("method.response.header.Access-Control-Allow-Origin", false);

        apigw.createDeployment(r -> r.restApiId(api));
    }

    @Test
    void gatewayResponsesAreTheDefaultsUntilPut() {
        String api = apigw.createRestApi(r -> r.name("tap-dev")).id();
        // Never put: API Gateway's own default, not NotFoundException.
        GetGatewayResponseResponse untouched = gatewayResponse(api, GatewayResponseType.DEFAULT_4_XX);
        assertThat(untouched.defaultResponse()).isTrue();
        assertThat(untouched.responseTemplates())
                .containsExactlyEntriesOf(Map.of("application/json", "{\"message\":$context.error.messageString}"));

        apigw.putGatewayResponse(r -> r.restApiId(api)
                .responseType(GatewayResponseType.DEFAULT_4_XX)
                .responseParameters(Map.of("gatewayresponse.header.Access-Control-Allow-Origin", "'*'")));
        apigw.putGatewayResponse(r -> r.restApiId(api)
                .responseType(GatewayResponseType.DEFAULT_5_XX)
                .responseParameters(Map.of("gatewayresponse.header.Access-Control-Allow-Origin", "'*'")));
        GetGatewayResponseResponse put = gatewayResponse(api, GatewayResponseType.DEFAULT_4_XX);
        assertThat(put.defaultResponse()).isFalse();
        assertThat(put.responseParameters())
                .containsExactlyEntriesOf(Map.of("gatewayresponse.header.Access-Control-Allow-Origin", "'*'"));

        List<GatewayResponse> all =
                apigw.getGatewayResponses(r -> r.restApiId(api).limit(500)).items();
        assertThat(all).hasSize(GatewayResponseType.knownValues().size());
        assertThat(all)
                .filteredOn(g -> !g.defaultResponse())
                .extracting(GatewayResponse::responseType)
                .containsExactlyInAnyOrder(GatewayResponseType.DEFAULT_4_XX, GatewayResponseType.DEFAULT_5_XX);
        assertThat(gatewayResponse(api, GatewayResponseType.THROTTLED).statusCode())
                .isEqualTo("429");
    }

    @Test
    void stageThrottlingAndAccessLogsNeedTheAccountRole() {
        String api = restApiWithAMethod();
        String deployment = apigw.createDeployment(r -> r.restApiId(api)).id();
        AwsServiceException missing =
                error(() -> apigw.getStage(r -> r.restApiId(api).stageName("dev")));
        assertThat(missing.awsErrorDetails().errorCode()).isEqualTo("NotFoundException");
        assertThat(missing.awsErrorDetails().errorMessage()).isEqualTo("Invalid stage identifier specified");
        assertThat(missing.statusCode()).isEqualTo(404);

        apigw.createStage(
                r -> r.restApiId(api).stageName("dev").deploymentId(deployment).tags(Map.of("env", "dev")));
        apigw.updateStage(r -> r.restApiId(api)
                .stageName("dev")
                .patchOperations(
                        replace("/*/*/throttling/rateLimit", "100"), replace("/*/*/throttling/burstLimit", "50")));

        String logGroup = "arn:aws:logs:us-east-1:123456789012:log-group:/tap/dev/apigw";
        String format = "{\"requestId\":\"$context.requestId\",\"status\":\"$context.status\"}";
        AwsServiceException noRole = error(() -> apigw.updateStage(r -> r.restApiId(api)
                .stageName("dev")
                .patchOperations(
                        replace("/accessLogSettings/destinationArn", logGroup),
                        replace("/accessLogSettings/format", format))));
        assertThat(noRole.awsErrorDetails().errorCode()).isEqualTo("BadRequestException");
        assertThat(noRole.awsErrorDetails().errorMessage())
                .isEqualTo("CloudWatch Logs role ARN must be set in account settings to enable logging");

        assertThat(apigw.getAccount(r -> {}).cloudwatchRoleArn()).isNull();
        AwsServiceException badRole = error(() -> apigw.updateAccount(
                r -> r.patchOperations(replace("/cloudwatchRoleArn", "arn:aws:iam::123456789012:role/tap-dev-nope"))));
        assertThat(badRole.awsErrorDetails().errorMessage())
                .isEqualTo("The role ARN does not have required permissions configured. Please grant trust permission "
                        + "for API Gateway and add the required role policy.");
        String cwRole = iam.createRole(r -> r.roleName("tap-dev-apigw-logs").assumeRolePolicyDocument("""
                {"Version":"2012-10-17","Statement":[{"Effect":"Allow",
                  "Principal":{"Service":"apigateway.amazonaws.com"},"Action":"sts:AssumeRole"}]}"""))
                .role()
                .arn();
        // The actions of AmazonAPIGatewayPushToCloudWatchLogs ("Set up CloudWatch logging for REST APIs").
        iam.putRolePolicy(
                r -> r.roleName("tap-dev-apigw-logs").policyName("logs").policyDocument("""
                {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Resource":"*","Action":["logs:CreateLogGroup",
                  "logs:CreateLogStream","logs:DescribeLogGroups","logs:DescribeLogStreams","logs:PutLogEvents",
                  "logs:GetLogEvents","logs:FilterLogEvents"]}]}"""));
        apigw.updateAccount(r -> r.patchOperations(replace("/cloudwatchRoleArn", cwRole)));
        assertThat(apigw.getAccount(r -> {}).cloudwatchRoleArn()).isEqualTo(cwRole);

        apigw.updateStage(r -> r.restApiId(api)
                .stageName("dev")
                .patchOperations(
                        replace("/accessLogSettings/destinationArn", logGroup),
                        replace("/accessLogSettings/format", format)));
        var stage = apigw.getStage(r -> r.restApiId(api).stageName("dev"));
        assertThat(stage.deploymentId()).isEqualTo(deployment);
        assertThat(stage.methodSettings()).containsOnlyKeys("*/*");
        MethodSetting all = stage.methodSettings().get("*/*");
        assertThat(all.throttlingRateLimit()).isEqualTo(100.0);
        assertThat(all.throttlingBurstLimit()).isEqualTo(50);
        assertThat(stage.accessLogSettings().destinationArn()).isEqualTo(logGroup);
        assertThat(stage.accessLogSettings().format()).isEqualTo(format);
        assertThat(stage.tags()).containsExactlyEntriesOf(Map.of("env", "dev"));
    }

    @Test
    void restApiAndStageTagsByArnAndUsagePlans() {
        String api = restApiWithAMethod();
        String deployment = apigw.createDeployment(r -> r.restApiId(api)).id();
        apigw.createStage(r -> r.restApiId(api).stageName("dev").deploymentId(deployment));
        String apiArn = "arn:aws:apigateway:us-east-1::/restapis/" + api;
        String stageArn = apiArn + "/stages/dev";

        apigw.tagResource(r -> r.resourceArn(apiArn).tags(Map.of("env", "dev", "owner", "tap")));
        apigw.untagResource(r -> r.resourceArn(apiArn).tagKeys("owner"));
        assertThat(apigw.getTags(r -> r.resourceArn(apiArn)).tags()).containsExactlyEntriesOf(Map.of("env", "dev"));
        assertThat(apigw.getRestApi(r -> r.restApiId(api)).tags()).containsExactlyEntriesOf(Map.of("env", "dev"));
        apigw.tagResource(r -> r.resourceArn(stageArn).tags(Map.of("tier", "api")));
        assertThat(apigw.getTags(r -> r.resourceArn(stageArn)).tags()).containsExactlyEntriesOf(Map.of("tier", "api"));
        assertThat(apigw.getStage(r -> r.restApiId(api).stageName("dev")).tags())
                .containsExactlyEntriesOf(Map.of("tier", "api"));
        assertThat(errorCode(() -> apigw.getTags(r -> r.resourceArn("arn:aws:apigateway:us-east-1::/restapis/nope"))))
                .isEqualTo("NotFoundException");

        String plan = apigw.createUsagePlan(r -> r.name("tap-dev")
                        .apiStages(s -> s.apiId(api).stage("dev"))
                        .throttle(t -> t.rateLimit(10.0).burstLimit(20))
                        .quota(q -> q.limit(1000).period(QuotaPeriodType.DAY))
                        .tags(Map.of("env", "dev")))
                .id();
        apigw.updateUsagePlan(r -> r.usagePlanId(plan)
                .patchOperations(replace("/throttle/rateLimit", "12.5"), replace("/quota/limit", "500")));
        UsagePlan listed = apigw.getUsagePlans(r -> r.limit(500)).items().get(0);
        assertThat(listed.apiStages()).singleElement().satisfies(s -> {
            assertThat(s.apiId()).isEqualTo(api);
            assertThat(s.stage()).isEqualTo("dev");
        });
        assertThat(listed.throttle().rateLimit()).isEqualTo(12.5);
        assertThat(listed.throttle().burstLimit()).isEqualTo(20);
        assertThat(listed.quota().limit()).isEqualTo(500);
        assertThat(listed.quota().period()).isEqualTo(QuotaPeriodType.DAY);
        assertThat(listed.tags()).containsExactlyEntriesOf(Map.of("env", "dev"));
        assertThat(apigw.getTags(r -> r.resourceArn("arn:aws:apigateway:us-east-1::/usageplans/" + plan))
                        .tags())
                .containsExactlyEntriesOf(Map.of("env", "dev"));
        assertThat(errorCode(() -> apigw.createUsagePlan(
                        r -> r.name("tap-dev-2").apiStages(s -> s.apiId(api).stage("prod")))))
                .isEqualTo("NotFoundException");
        assertThat(errorCode(() -> apigw.getUsagePlan(r -> r.usagePlanId("nope"))))
                .isEqualTo("NotFoundException");

        apigw.deleteUsagePlan(r -> r.usagePlanId(plan));
        assertThat(errorCode(() -> apigw.deleteUsagePlan(r -> r.usagePlanId(plan))))
                .isEqualTo("NotFoundException");
        apigw.deleteRestApi(r -> r.restApiId(api));
        AwsServiceException gone = error(() -> apigw.deleteRestApi(r -> r.restApiId(api)));
        assertThat(gone.awsErrorDetails().errorCode()).isEqualTo("NotFoundException");
        assertThat(gone.awsErrorDetails().errorMessage()).isEqualTo("Invalid Rest API Id specified");
        assertThat(gone.statusCode()).isEqualTo(404);
    }

    // ---- EC2 and IAM instance profiles ------------------------------------------------------

    @Test
    void instanceFromAnSsmParameterIsPrivateEncryptedAndIdempotent() {
        String key = key();
        String subnet = privateSubnet();
        instanceProfile("tap-dev-app");
        RunInstancesRequest request = instanceRequest(subnet, key, "tap-dev-app", "tap-dev-app-0001");

        Instance launched = ec2.runInstances(request).instances().get(0);
        // Same client token: the same instance, not a second one.
        assertThat(ec2.runInstances(request).instances().get(0).instanceId()).isEqualTo(launched.instanceId());
        assertThat(ec2.describeInstances(r -> {}).reservations()).hasSize(1);
        assertThat(errorCode(() -> ec2.runInstances(
                        request.toBuilder().instanceType("t3.small").build())))
                .isEqualTo("IdempotentParameterMismatch");

        String ami = ec2.describeImages(r ->
                        r.owners("amazon").filters(f -> f.name("name").values("al2023-ami-2023*-kernel-6.1-x86_64")))
                .images()
                .get(0)
                .imageId();
        Instance described = describe(launched.instanceId());
        assertThat(described.imageId()).isEqualTo(ami);
        assertThat(described.metadataOptions().httpTokens()).isEqualTo(HttpTokensState.REQUIRED);
        assertThat(described.iamInstanceProfile().arn())
                .isEqualTo("arn:aws:iam::123456789012:instance-profile/tap-dev-app");
        assertThat(described.publicIpAddress()).isNull();
        assertThat(described.subnetId()).isEqualTo(subnet);
        assertThat(described.tags()).extracting(t -> t.key() + "=" + t.value()).containsExactly("Name=tap-dev-app");

        String volumeId = described.blockDeviceMappings().get(0).ebs().volumeId();
        Volume volume =
                ec2.describeVolumes(r -> r.volumeIds(volumeId)).volumes().get(0);
        assertThat(volume.encrypted()).isTrue();
        assertThat(volume.kmsKeyId()).isEqualTo(key);
        assertThat(volume.size()).isEqualTo(20);
        assertThat(volume.volumeType()).isEqualTo(VolumeType.GP3);
        assertThat(volume.tags()).extracting(t -> t.key() + "=" + t.value()).containsExactly("env=dev");

        ec2.modifyInstanceMetadataOptions(r -> r.instanceId(launched.instanceId())
                .httpTokens(HttpTokensState.REQUIRED)
                .httpPutResponseHopLimit(2));
        assertThat(describe(launched.instanceId()).metadataOptions().httpPutResponseHopLimit())
                .isEqualTo(2);

        ec2.terminateInstances(r -> r.instanceIds(launched.instanceId()));
        Ec2Waiter waiter = Ec2Waiter.builder()
                .client(ec2)
                .overrideConfiguration(
                        o -> o.maxAttempts(3).backoffStrategy(FixedDelayBackoffStrategy.create(Duration.ofMillis(10))))
                .build();
        clients.add(waiter);
        waiter.waitUntilInstanceTerminated(r -> r.instanceIds(launched.instanceId()));
        assertThat(describe(launched.instanceId()).state().name()).isEqualTo(InstanceStateName.TERMINATED);
        assertThat(errorCode(() -> ec2.describeInstances(r -> r.instanceIds("i-0123456789abcdef0"))))
                .isEqualTo("InvalidInstanceID.NotFound");
    }

    @Test
    void groupsOfThePrimaryInterfaceAndTheProfileAreChangedInPlace() {
        String key = key();
        String subnet = privateSubnet();
        String vpc =
                ec2.describeSubnets(r -> r.subnetIds(subnet)).subnets().get(0).vpcId();
        String app = ec2.createSecurityGroup(
                        r -> r.groupName("tap-dev-app").description("app").vpcId(vpc))
                .groupId();
        String other = ec2.createSecurityGroup(
                        r -> r.groupName("tap-dev-other").description("other").vpcId(vpc))
                .groupId();
        instanceProfile("tap-dev-app");
        instanceProfile("tap-dev-other");
        RunInstancesRequest request = instanceRequest(subnet, key, "tap-dev-app", null);
        String id = ec2.runInstances(request.toBuilder()
                        .networkInterfaces(n ->
                                n.deviceIndex(0).subnetId(subnet).groups(app).associatePublicIpAddress(false))
                        .build())
                .instances()
                .get(0)
                .instanceId();

        // Groups given on the interface are the instance's groups.
        assertThat(describe(id).securityGroups()).extracting(g -> g.groupId()).containsExactly(app);
        ec2.modifyInstanceAttribute(r -> r.instanceId(id).groups(app, other));
        Instance modified = describe(id);
        assertThat(modified.securityGroups()).extracting(g -> g.groupId()).containsExactlyInAnyOrder(app, other);
        assertThat(modified.networkInterfaces().get(0).groups())
                .extracting(g -> g.groupId())
                .containsExactlyInAnyOrder(app, other);

        String association = ec2.describeIamInstanceProfileAssociations(
                        r -> r.filters(f -> f.name("instance-id").values(id)))
                .iamInstanceProfileAssociations()
                .get(0)
                .associationId();
        ec2.replaceIamInstanceProfileAssociation(
                r -> r.associationId(association).iamInstanceProfile(p -> p.name("tap-dev-other")));
        InstanceProfile otherProfile = iam.getInstanceProfile(r -> r.instanceProfileName("tap-dev-other"))
                .instanceProfile();
        assertThat(describe(id).iamInstanceProfile().arn()).isEqualTo(otherProfile.arn());
        assertThat(describe(id).iamInstanceProfile().id()).isEqualTo(otherProfile.instanceProfileId());
        ec2.disassociateIamInstanceProfile(r -> r.associationId(association));
        assertThat(describe(id).iamInstanceProfile()).isNull();
    }

    @Test
    void unknownImageParameterOrProfileIsRefused() {
        String key = key();
        String subnet = privateSubnet();
        instanceProfile("tap-dev-app");
        RunInstancesRequest request = instanceRequest(subnet, key, "tap-dev-app", null);

        assertThat(errorCode(() -> ec2.runInstances(
                        request.toBuilder().imageId("ami-0123456789abcdef0").build())))
                .isEqualTo("InvalidAMIID.NotFound");
        assertThat(errorCode(() -> ec2.runInstances(request.toBuilder()
                        .imageId("resolve:ssm:/tap/dev/no-such-ami")
                        .build())))
                .isEqualTo("InvalidParameterValue");
        AwsServiceException profile = error(() -> ec2.runInstances(request.toBuilder()
                .iamInstanceProfile(p -> p.name("tap-dev-nope"))
                .build()));
        assertThat(profile.awsErrorDetails().errorCode()).isEqualTo("InvalidParameterValue");
        assertThat(profile.awsErrorDetails().errorMessage())
                .isEqualTo(
                        "Value (tap-dev-nope) for parameter iamInstanceProfile.name is invalid. Invalid IAM Instance Profile name");
        assertThat(ec2.describeInstances(r -> {}).reservations()).isEmpty();
    }

    @Test
    void instanceProfileLifecycle() {
        lambdaRole("tap-dev-app");
        InstanceProfile created = iam.createInstanceProfile(r -> r.instanceProfileName("tap-dev-app")
                        .tags(t -> t.key("env").value("dev")))
                .instanceProfile();
        assertThat(created.arn()).isEqualTo("arn:aws:iam::123456789012:instance-profile/tap-dev-app");
        assertThat(errorCode(() -> iam.createInstanceProfile(r -> r.instanceProfileName("tap-dev-app"))))
                .isEqualTo("EntityAlreadyExists");

        iam.addRoleToInstanceProfile(r -> r.instanceProfileName("tap-dev-app").roleName("tap-dev-app"));
        assertThat(errorCode(() -> iam.addRoleToInstanceProfile(
                        r -> r.instanceProfileName("tap-dev-app").roleName("tap-dev-app"))))
                .isEqualTo("LimitExceeded");
        assertThat(iam.getInstanceProfile(r -> r.instanceProfileName("tap-dev-app"))
                        .instanceProfile()
                        .roles())
                .extracting(role -> role.roleName())
                .containsExactly("tap-dev-app");

        iam.tagInstanceProfile(
                r -> r.instanceProfileName("tap-dev-app").tags(t -> t.key("env").value("prod")));
        assertThat(iam.listInstanceProfileTags(r -> r.instanceProfileName("tap-dev-app"))
                        .tags())
                .extracting(t -> t.key() + "=" + t.value())
                .containsExactly("env=prod");

        assertThat(errorCode(() -> iam.deleteInstanceProfile(r -> r.instanceProfileName("tap-dev-app"))))
                .isEqualTo("DeleteConflict");
        assertThat(errorCode(() -> iam.deleteRole(r -> r.roleName("tap-dev-app"))))
                .isEqualTo("DeleteConflict");
        iam.removeRoleFromInstanceProfile(
                r -> r.instanceProfileName("tap-dev-app").roleName("tap-dev-app"));
        assertThat(errorCode(() -> iam.removeRoleFromInstanceProfile(
                        r -> r.instanceProfileName("tap-dev-app").roleName("tap-dev-app"))))
                .isEqualTo("NoSuchEntity");
        iam.deleteInstanceProfile(r -> r.instanceProfileName("tap-dev-app"));
        assertThat(errorCode(() -> iam.getInstanceProfile(r -> r.instanceProfileName("tap-dev-app"))))
                .isEqualTo("NoSuchEntity");
        assertThat(errorCode(() -> iam.listInstanceProfileTags(r -> r.instanceProfileName("tap-dev-app"))))
                .isEqualTo("NoSuchEntity");
    }

    // ---- helpers ----------------------------------------------------------------------------

    private String key() {
        return kms.createKey(r -> r.description("tap")).keyMetadata().arn();
    }

    private String lambdaRole(String name) {
        return iam.createRole(r -> r.roleName(name).assumeRolePolicyDocument(LAMBDA_TRUST))
                .role()
                .arn();
    }

    private static CreateFunctionRequest.Builder function(String name, String role, byte[] zip) {
        return CreateFunctionRequest.builder()
                .functionName(name)
                .runtime(Runtime.PYTHON3_12)
                .role(role)
                .handler("app.handler")
                .code(c -> c.zipFile(SdkBytes.fromByteArray(zip)));
    }

    private static byte[] zip(String source) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream out = new ZipOutputStream(bytes)) {
            out.putNextEntry(new ZipEntry("app.py"));
            out.write(source.getBytes(StandardCharsets.UTF_8));
            out.closeEntry();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private static String sha256Base64(byte[] bytes) {
        try {
            return Base64.getEncoder()
                    .encodeToString(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private String restApiWithAMethod() {
        String api = apigw.createRestApi(
                        r -> r.name("tap-dev").endpointConfiguration(e -> e.types(EndpointType.REGIONAL)))
                .id();
        String root = apigw.getResources(r -> r.restApiId(api)).items().get(0).id();
        apigw.putMethod(r -> r.restApiId(api).resourceId(root).httpMethod("GET").authorizationType("NONE"));
        apigw.putIntegration(r -> r.restApiId(api)
                .resourceId(root)
                .httpMethod("GET")
                .type(IntegrationType.MOCK)
                .requestTemplates(Map.of("application/json", "{\"statusCode\": 200}")));
        return api;
    }

    private static Resource resource(List<Resource> resources, String path) {
        return resources.stream().filter(r -> path.equals(r.path())).findFirst().orElseThrow();
    }

    private GetGatewayResponseResponse gatewayResponse(String api, GatewayResponseType type) {
        return apigw.getGatewayResponse(r -> r.restApiId(api).responseType(type));
    }

    private static PatchOperation replace(String path, String value) {
        return PatchOperation.builder().op(Op.REPLACE).path(path).value(value).build();
    }

    private String privateSubnet() {
        String vpc = ec2.createVpc(r -> r.cidrBlock("10.0.0.0/16")).vpc().vpcId();
        return ec2.createSubnet(r -> r.vpcId(vpc).cidrBlock("10.0.1.0/24").availabilityZone("us-east-1a"))
                .subnet()
                .subnetId();
    }

    private void instanceProfile(String name) {
        iam.createRole(r -> r.roleName(name).assumeRolePolicyDocument("""
                {"Version":"2012-10-17","Statement":[{"Effect":"Allow",
                  "Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}]}"""));
        iam.createInstanceProfile(r -> r.instanceProfileName(name));
        iam.addRoleToInstanceProfile(r -> r.instanceProfileName(name).roleName(name));
    }

    private static RunInstancesRequest instanceRequest(String subnet, String key, String profile, String clientToken) {
        return RunInstancesRequest.builder()
                .imageId(AL2023)
                .instanceType("t3.micro")
                .minCount(1)
                .maxCount(1)
                .clientToken(clientToken)
                .metadataOptions(m -> m.httpTokens(HttpTokensState.REQUIRED))
                .iamInstanceProfile(p -> p.name(profile))
                .networkInterfaces(n -> n.deviceIndex(0).subnetId(subnet).associatePublicIpAddress(false))
                .blockDeviceMappings(b -> b.deviceName("/dev/xvda").ebs(e -> e.volumeSize(20)
                        .volumeType(VolumeType.GP3)
                        .encrypted(true)
                        .kmsKeyId(key)
                        .deleteOnTermination(true)))
                .tagSpecifications(
                        t -> t.resourceType(ResourceType.INSTANCE)
                                .tags(g -> g.key("Name").value("tap-dev-app")),
                        t -> t.resourceType(ResourceType.VOLUME)
                                .tags(g -> g.key("env").value("dev")))
                .build();
    }

    private Instance describe(String instanceId) {
        return ec2.describeInstances(r -> r.instanceIds(instanceId))
                .reservations()
                .get(0)
                .instances()
                .get(0);
    }

    private static AwsServiceException error(ThrowingCallable call) {
        AwsServiceException e = catchThrowableOfType(AwsServiceException.class, call);
        assertThat(e).as("expected the emulator to refuse the call").isNotNull();
        return e;
    }

    private static String errorCode(ThrowingCallable call) {
        return error(call).awsErrorDetails().errorCode();
    }
}
