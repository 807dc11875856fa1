package dev.tapctl.resources.lambda;

import dev.tapctl.aws.AwsClients;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.services.lambda.model.InvalidParameterValueException;

/**
 * What the Lambda handler tests (and the function orphan test) need beyond
 * {@link dev.tapctl.testing.HandlerFixture}: an execution role, a deployment package, and
 * Lambda's answer to a role it cannot assume yet.
 */
public final class LambdaTestSupport {
    private LambdaTestSupport() {}

    /** The trust policy of a Lambda execution role. */
    static final String LAMBDA_TRUST = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
            + "\"Principal\":{\"Service\":\"lambda.amazonaws.com\"},\"Action\":\"sts:AssumeRole\"}]}";

    /** An execution role in the emulator (Lambda checks that the role exists); returns its ARN. */
    public static String executionRole(AwsClients clients, String name) {
        return clients.iam()
                .createRole(r -> r.roleName(name).assumeRolePolicyDocument(LAMBDA_TRUST))
                .role()
                .arn();
    }

    /** Writes a one-file deployment package {@code dir/<fileName>} whose handler returns {@code body}. */
    public static Path zip(Path dir, String fileName, String body) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            ZipEntry entry = new ZipEntry("handler.py");
            // A fixed time keeps the bytes, and so CodeSha256, the same from run to run.
            entry.setTimeLocal(LocalDateTime.of(1980, 2, 1, 0, 0));
            zip.putNextEntry(entry);
            zip.write(("def handler(event, context):\n    return " + body + "\n").getBytes(StandardCharsets.UTF_8));
            zip.closeEntry();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            return Files.write(dir.resolve(fileName), bytes.toByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static byte[] bytes(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Fails the first {@code times} calls of {@code operation} with Lambda's
     * InvalidParameterValueException carrying {@code message}, before they are sent, as AWS would
     * answer them (moto never does: its roles are assumable at once).
     */
    static final class InvalidParameter implements ExecutionInterceptor {
        private final String operation;
        private final String message;
        private final AtomicInteger remaining;

        InvalidParameter(String operation, String message, int times) {
            this.operation = operation;
            this.message = message;
            this.remaining = new AtomicInteger(times);
        }

        @Override
        public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
            if (operation.equals(attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME))
                    && remaining.getAndDecrement() > 0) {
                throw (InvalidParameterValueException) InvalidParameterValueException.builder()
                        .message(message)
                        .statusCode(400)
                        .awsErrorDetails(AwsErrorDetails.builder()
                                .errorCode("InvalidParameterValueException")
                                .errorMessage(message)
                                .serviceName("Lambda")
                                .build())
                        .build();
            }
        }
    }
}
