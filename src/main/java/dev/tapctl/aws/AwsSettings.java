package dev.tapctl.aws;

import io.soabase.recordbuilder.core.RecordBuilder;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;

/**
 * How SDK clients are built. {@code profile} and {@code endpoint} may be null (the SDK's own
 * chain then decides, including {@code AWS_ENDPOINT_URL}); {@code interceptors} let tests log
 * calls and inject faults at the SDK boundary; {@code waitPollInterval} lets tests poll fast;
 * {@code propagation*} bound every retry tapctl adds to the SDK's ({@link Eventually}): a new IAM
 * role or profile another service cannot use yet, a new EC2 or KMS id not visible yet, a queue name
 * SQS still keeps, an object still held by another; {@code retryBackoff}, when set, replaces the
 * delays of the SDK's retries (same mode and attempts: see {@link RetryBudget}) and turns off the
 * pacing of API Gateway calls under their quotas, so that tests never sleep for real ({@code
 * withRetryBackoff(delay)}: a fixed delay between the SDK's retries, the mode and attempts in
 * force staying as they are). The {@code withX} copies are generated ({@link AwsSettingsBuilder.With}).
 */
@RecordBuilder
public record AwsSettings(
        String region,
        String profile,
        URI endpoint,
        List<ExecutionInterceptor> interceptors,
        Duration apiCallTimeout,
        Duration apiCallAttemptTimeout,
        Duration waitPollInterval,
        Duration waitTimeout,
        Duration propagationTimeout,
        Duration propagationInterval,
        int maxConnections,
        Duration retryBackoff)
        implements AwsSettingsBuilder.With {

    public AwsSettings {
        interceptors = List.copyOf(interceptors);
    }

    /**
     * Connections of the one HTTP client every SDK client of a run shares: a plan's reads run on
     * two pools of 64 threads (the engine's {@code ReadExecutor}: each resource's read, and the
     * calls one read makes at once), so that no read waits for a connection; an apply's mutations
     * are at most {@code --parallelism} (64) at once. The SDK's own default is 50.
     */
    static final int MAX_CONNECTIONS = 128;

    public static AwsSettings defaults(String region, String profile, URI endpoint) {
        return new AwsSettings(
                region,
                profile,
                endpoint,
                List.of(),
                Duration.ofMinutes(2),
                Duration.ofSeconds(30),
                Duration.ofSeconds(5),
                Duration.ofMinutes(40),
                Duration.ofMinutes(2),
                Duration.ofSeconds(5),
                MAX_CONNECTIONS,
                null);
    }

    /** How long a change AWS has not propagated yet (a new role, a new id) is waited for, and the longest pause between tries. */
    public AwsSettings withPropagation(Duration timeout, Duration interval) {
        return withPropagationTimeout(timeout).withPropagationInterval(interval);
    }

    public AwsSettings withWaits(Duration pollInterval, Duration timeout) {
        return withWaitPollInterval(pollInterval).withWaitTimeout(timeout);
    }
}
