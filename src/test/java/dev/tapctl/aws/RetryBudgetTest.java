package dev.tapctl.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.tapctl.testing.StatusServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.services.lambda.model.LambdaException;

/**
 * The retry budget follows what an AWS user sets, the way the SDK reads it (system property, then
 * environment variable, then the profile's key), and is tapctl's own when nothing is set. Counted
 * where it matters: the attempts a real client built by {@link AwsClients} makes against a loopback
 * server that answers every request with a bare 503. A test cannot set its own environment: the
 * system properties the SDK reads before the variables stand in for them here, and
 * {@code ServiceUnavailableIT} sets AWS_MAX_ATTEMPTS=1 for a real tapctl process.
 */
class RetryBudgetTest {
    private static final List<String> PROPERTIES =
            List.of("aws.maxAttempts", "aws.retryMode", "aws.configFile", "aws.sharedCredentialsFile", "aws.profile");

    private StatusServer unavailable;

    @BeforeEach
    void setUp() {
        unavailable = StatusServer.answering(503);
        // Nothing of this machine's own AWS files (or the surefire environment's) may decide the outcome.
        System.setProperty("aws.configFile", "/dev/null");
        System.setProperty("aws.sharedCredentialsFile", "/dev/null");
    }

    @AfterEach
    void tearDown() {
        unavailable.close();
        PROPERTIES.forEach(System::clearProperty);
    }

    @Test
    void withNothingSetACallGetsTapctlsTenAttemptsInStandardMode() {
        assertThat(attemptsOfOneCall(null))
                .isEqualTo(RetryBudget.DEFAULT_MAX_ATTEMPTS)
                .isEqualTo(10);

        RetryBudget budget = RetryBudget.resolve(null);
        assertThat(budget.mode()).isEqualTo(RetryMode.STANDARD);
        assertThat(budget.describe()).isEqualTo("standard mode (tapctl's default), 10 attempts (tapctl's default)");
    }

    @Test
    void theMaxAttemptsSystemPropertyIsHonoured() {
        System.setProperty("aws.maxAttempts", "2");

        assertThat(attemptsOfOneCall(null)).isEqualTo(2);
        assertThat(RetryBudget.resolve(null).describe()).contains("2 attempts (system property aws.maxAttempts)");
    }

    @Test
    void oneAttemptMeansNoRetry() {
        System.setProperty("aws.maxAttempts", "1");

        assertThat(attemptsOfOneCall(null)).isEqualTo(1);
    }

    @Test
    void theProfileNamedByTheProfileOptionSetsAttemptsAndMode(@TempDir Path dir) throws Exception {
        System.setProperty("aws.configFile", profileFile(dir, """
                [default]
                max_attempts = 7

                [profile deploy]
                aws_access_key_id = testing
                aws_secret_access_key = testing
                max_attempts = 4
                retry_mode = adaptive
                """).toString());

        assertThat(attemptsOfOneCall("deploy"))
                .as("profile deploy's max_attempts")
                .isEqualTo(4);
        RetryBudget deploy = RetryBudget.resolve("deploy");
        assertThat(deploy.mode()).isEqualTo(RetryMode.ADAPTIVE_V2);
        assertThat(deploy.describe())
                .isEqualTo("adaptive mode (retry_mode of profile deploy), "
                        + "4 attempts (max_attempts of profile deploy)");

        assertThat(RetryBudget.resolve(null).maxAttempts())
                .as("no --profile: the SDK's profile, default")
                .isEqualTo(7);
        System.setProperty("aws.profile", "deploy");
        assertThat(RetryBudget.resolve(null).maxAttempts())
                .as("no --profile: the SDK's profile, aws.profile")
                .isEqualTo(4);
    }

    @Test
    void theSystemPropertiesComeBeforeTheProfile(@TempDir Path dir) throws Exception {
        System.setProperty("aws.configFile", profileFile(dir, """
                [profile deploy]
                aws_access_key_id = testing
                aws_secret_access_key = testing
                max_attempts = 4
                retry_mode = adaptive
                """).toString());
        System.setProperty("aws.maxAttempts", "3");
        System.setProperty("aws.retryMode", "legacy");

        assertThat(attemptsOfOneCall("deploy")).isEqualTo(3);
        assertThat(RetryBudget.resolve("deploy").mode()).isEqualTo(RetryMode.LEGACY);
    }

    @Test
    void aModeAloneKeepsTapctlsAttempts() {
        System.setProperty("aws.retryMode", "standard");

        RetryBudget budget = RetryBudget.resolve(null);
        assertThat(budget.describe())
                .isEqualTo("standard mode (system property aws.retryMode), " + "10 attempts (tapctl's default)");
    }

    @Test
    void aValueTheSdkWouldRefuseIsReportedBeforeAnyCall(@TempDir Path dir) throws Exception {
        System.setProperty("aws.maxAttempts", "zero");
        assertThatThrownBy(() -> new AwsClients(settings(null)))
                .isInstanceOf(RetryBudget.InvalidSettingException.class)
                .hasMessage("system property aws.maxAttempts is 'zero': the maximum number of attempts must be a whole "
                        + "number of at least 1");
        System.clearProperty("aws.maxAttempts");

        System.setProperty("aws.configFile", profileFile(dir, """
                [default]
                max_attempts = 0
                """).toString());
        assertThatThrownBy(() -> RetryBudget.resolve(null))
                .hasMessageStartingWith("max_attempts of profile default is '0'");

        System.setProperty("aws.retryMode", "eager");
        assertThatThrownBy(() -> RetryBudget.resolve(null))
                .isInstanceOf(RetryBudget.InvalidSettingException.class)
                .hasMessageContaining("system property aws.retryMode")
                .hasMessageContaining("eager");
        assertThat(unavailable.requests()).isZero();
    }

    /** The requests one Lambda GetFunction makes through {@link AwsClients} before it gives up. */
    private int attemptsOfOneCall(String profile) {
        unavailable.resetCount();
        try (AwsClients clients = new AwsClients(settings(profile))) {
            LambdaException failure = catchThrowableOfType(
                    LambdaException.class, () -> clients.lambda().getFunction(r -> r.functionName("tap-dev-api")));
            assertThat(failure)
                    .as("GetFunction against a server that always answers 503")
                    .isNotNull();
            assertThat(failure.statusCode()).isEqualTo(503);
            assertThat(failure.numAttempts()).as("the SDK's own count").isEqualTo(unavailable.requests());
            assertThat(FailedCalls.of(failure)).hasValueSatisfying(call -> {
                assertThat(call.toString()).isEqualTo("Lambda GetFunction");
                assertThat(call.attempts())
                        .as("attempts counted by tapctl's interceptor")
                        .isEqualTo(unavailable.requests());
            });
        }
        return unavailable.requests();
    }

    private AwsSettings settings(String profile) {
        return AwsSettings.defaults("us-east-1", profile, unavailable.endpoint())
                .withRetryBackoff(Duration.ofMillis(1));
    }

    private static Path profileFile(Path dir, String content) throws Exception {
        return Files.writeString(dir.resolve("config"), content);
    }
}
