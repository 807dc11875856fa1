package dev.tapctl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tapctl.testing.CliRun;
import dev.tapctl.testing.Emulator;
import dev.tapctl.testing.EmulatorExtension;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.http.SdkHttpResponse;

/** What a user sees when AWS refuses a call: the resource, AWS's own words, and what AWS Support needs. */
@ExtendWith(EmulatorExtension.class)
class FailureReportTest {

    @Test
    void aRefusedCallNamesTheResourceTheErrorAndItsRequestIdAndVerboseShowsItsTrace(Emulator emulator) {
        CliRun tapctl = CliRun.with(settings -> settings.withEndpoint(emulator.endpoint())
                .withInterceptors(List.of(new AccessDenied("CreateKey")))
                .withWaits(Duration.ofMillis(100), Duration.ofSeconds(60))
                .withRetryBackoff(Duration.ofMillis(1))
                .withIamPropagation(Duration.ofSeconds(5), Duration.ofMillis(100)));

        CliRun.Result result = tapctl.run("apply", "--env", "dev", "--auto-approve", "-v");

        assertThat(result.exitCode()).as(result.all()).isEqualTo(ExitCodes.FAILURE);
        assertThat(result.err()).contains("failed   kms.key: Kms AccessDeniedException: "
                + "User is not authorized to perform kms:CreateKey (HTTP 400, request req-0123)");
        assertThat(result.err()).as("-v: the resource's own trace, not only the run's")
                .contains("kms.key:\nsoftware.amazon.awssdk.services.kms.model.KmsException")
                .contains("\tat ");
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
            return context.httpResponse().toBuilder().statusCode(400).statusText("Bad Request")
                    .putHeader("x-amzn-RequestId", "req-0123").build();
        }

        @Override
        public Optional<InputStream> modifyHttpResponseContent(Context.ModifyHttpResponse context,
                                                               ExecutionAttributes attributes) {
            if (!matches(attributes)) {
                return context.responseBody();
            }
            return Optional.of(new ByteArrayInputStream(("{\"__type\":\"AccessDeniedException\",\"message\":"
                    + "\"User is not authorized to perform kms:CreateKey\"}").getBytes(StandardCharsets.UTF_8)));
        }
    }
}
