package dev.tapctl.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.tapctl.aws.AwsClients;
import dev.tapctl.aws.AwsSettings;
import dev.tapctl.testing.CallLog;
import dev.tapctl.testing.CliRun;
import dev.tapctl.testing.Emulator;
import dev.tapctl.testing.EmulatorExtension;
import dev.tapctl.testing.StatusServer;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.http.SdkHttpResponse;

/**
 * What a user sees when AWS refuses a call: the resource, the call, AWS's own words (or that it
 * sent none), the attempts made, and what AWS Support needs.
 */
@ExtendWith(EmulatorExtension.class)
class FailureReportTest {

    @Test
    void aRefusedCallNamesTheResourceTheErrorAndItsRequestIdAndVerboseShowsItsTrace(Emulator emulator) {
        CliRun tapctl = CliRun.against(emulator, new CallLog(), new AccessDenied("CreateKey"));

        CliRun.Result result = tapctl.run("apply", "--env", "dev", "--auto-approve", "-v");

        assertThat(result.exitCode()).as(result.all()).isEqualTo(ExitCodes.FAILURE);
        assertThat(result.err())
                .contains("failed   kms.key: Kms CreateKey: AccessDeniedException: "
                        + "User is not authorized to perform kms:CreateKey (HTTP 400, request req-0123)");
        assertThat(result.err())
                .as("-v: the resource's own trace, not only the run's")
                .contains("kms.key:\nsoftware.amazon.awssdk.services.kms.model.KmsException")
                .contains("\tat ");
    }

    /**
     * The case: a proxy or load balancer answers a bare 503 (no body, so no error code and no
     * message) and keeps doing so past the retry budget. The report names the resource, the call,
     * the status and the attempts made, and says that AWS sent no message, never "null: null".
     */
    @Test
    void aBare503PastTheRetryBudgetNamesTheCallTheStatusAndTheAttempts(Emulator emulator) {
        CliRun tapctl = CliRun.against(emulator, new CallLog(), new Bare503("GetFunction"));

        CliRun.Result result = tapctl.run("apply", "--env", "dev", "--auto-approve");

        assertThat(result.exitCode()).as(result.all()).isEqualTo(ExitCodes.FAILURE);
        assertThat(result.err())
                .contains("failed   fn.worker: Lambda GetFunction: HTTP 503 with no error message "
                        + "from AWS, after 10 attempts (request req-503)")
                .doesNotContain("null");
    }

    /**
     * Every protocol the stack's services speak (EC2 query, AWS query, JSON, REST-JSON, REST-XML)
     * turns a bare 503 into an exception without error code or message; each is reported the same way.
     */
    @Test
    void aBare503IsReportedTheSameWayForEveryService() {
        try (StatusServer unavailable = StatusServer.answering(503);
                AwsClients aws = new AwsClients(AwsSettings.defaults("us-east-1", null, unavailable.endpoint())
                        .withRetryBackoff(Duration.ofMillis(1)))) {
            Map<String, Runnable> calls = new LinkedHashMap<>();
            calls.put("Ec2 DescribeVpcs", () -> aws.ec2().describeVpcs());
            calls.put("Iam GetRole", () -> aws.iam().getRole(r -> r.roleName("tap-dev-api")));
            calls.put("Sts GetCallerIdentity", () -> aws.sts().getCallerIdentity());
            calls.put("Rds DescribeDBInstances", () -> aws.rds().describeDBInstances());
            calls.put("Kms DescribeKey", () -> aws.kms().describeKey(r -> r.keyId("alias/tap-dev")));
            calls.put("CloudWatchLogs DescribeLogGroups", () -> aws.logs().describeLogGroups());
            calls.put("SecretsManager DescribeSecret", () -> aws.secrets()
                    .describeSecret(r -> r.secretId("tap/dev/rds/master")));
            calls.put("DynamoDb DescribeTable", () -> aws.dynamodb().describeTable(r -> r.tableName("tap-dev-items")));
            calls.put("Sqs GetQueueUrl", () -> aws.sqs().getQueueUrl(r -> r.queueName("tap-dev-api-dlq")));
            calls.put("Lambda GetFunction", () -> aws.lambda().getFunction(r -> r.functionName("tap-dev-api")));
            calls.put("ApiGateway GetRestApis", () -> aws.apigateway().getRestApis());
            calls.put("S3 GetBucketVersioning", () -> aws.s3().getBucketVersioning(r -> r.bucket("tap-dev-bucket")));
            calls.forEach((call, run) -> {
                Throwable failure = catchThrowable(run::run);
                assertThat(failure).as(call).isInstanceOf(AwsServiceException.class);
                assertThat(Failures.describe(failure))
                        .as(call)
                        .isEqualTo(call + ": HTTP 503 with no error message from AWS, after 10 attempts");
            });
        }
    }

    @Test
    void anAwsErrorAfterRetriesSaysHowManyAttemptsWereMade() {
        AwsServiceException error = AwsServiceException.builder()
                .statusCode(500)
                .requestId("r-1")
                .numAttempts(4)
                .awsErrorDetails(AwsErrorDetails.builder()
                        .serviceName("Ec2")
                        .errorCode("InternalError")
                        .errorMessage("An internal error has occurred")
                        .build())
                .build();
        assertThat(Failures.describe(error))
                .as("not from a client of tapctl's: the service AWS named, no operation")
                .isEqualTo(
                        "Ec2: InternalError: An internal error has occurred (HTTP 500, after 4 attempts, request r-1)");

        AwsServiceException noMessage = AwsServiceException.builder()
                .statusCode(400)
                .numAttempts(1)
                .awsErrorDetails(AwsErrorDetails.builder()
                        .serviceName("Iam")
                        .errorCode("ValidationError")
                        .build())
                .build();
        assertThat(Failures.describe(noMessage))
                .isEqualTo("Iam: ValidationError with no error message from AWS (HTTP 400)");
    }

    /** Answers one operation as a proxy in front of AWS does when it is overloaded: 503, empty body. */
    private record Bare503(String operation) implements ExecutionInterceptor {
        @Override
        public SdkHttpResponse modifyHttpResponse(Context.ModifyHttpResponse context, ExecutionAttributes attributes) {
            if (!operation.equals(attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME))) {
                return context.httpResponse();
            }
            return SdkHttpResponse.builder()
                    .statusCode(503)
                    .statusText("Service Unavailable")
                    .putHeader("x-amzn-RequestId", "req-503")
                    .putHeader("Content-Length", "0")
                    .build();
        }

        @Override
        public Optional<InputStream> modifyHttpResponseContent(
                Context.ModifyHttpResponse context, ExecutionAttributes attributes) {
            if (!operation.equals(attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME))) {
                return context.responseBody();
            }
            return Optional.of(new ByteArrayInputStream(new byte[0]));
        }
    }

    /** Answers one operation as AWS answers a principal without the permission. */
    private record AccessDenied(String operation) implements ExecutionInterceptor {
        private boolean matches(ExecutionAttributes attributes) {
            return operation.equals(attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME));
        }

        @Override
        public SdkHttpResponse modifyHttpResponse(Context.ModifyHttpResponse context, ExecutionAttributes attributes) {
            if (!matches(attributes)) {
                return context.httpResponse();
            }
            return context.httpResponse().toBuilder()
                    .statusCode(400)
                    .statusText("Bad Request")
                    .putHeader("x-amzn-RequestId", "req-0123")
                    .build();
        }

        @Override
        public Optional<InputStream> modifyHttpResponseContent(
                Context.ModifyHttpResponse context, ExecutionAttributes attributes) {
            if (!matches(attributes)) {
                return context.responseBody();
            }
            return Optional.of(new ByteArrayInputStream(("{\"__type\":\"AccessDeniedException\",\"message\":"
                            + "\"User is not authorized to perform kms:CreateKey\"}")
                    .getBytes(StandardCharsets.UTF_8)));
        }
    }
}
