package dev.tapctl.aws;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;

/**
 * How SDK clients are built. {@code profile} and {@code endpoint} may be null (the SDK's own
 * chain then decides, including {@code AWS_ENDPOINT_URL}); {@code interceptors} let tests log
 * calls and inject faults at the SDK boundary; {@code waitPollInterval} lets tests poll fast;
 * {@code iamPropagation*} bound the one retry tapctl adds to the SDK's: a new IAM role or profile
 * that another service cannot use yet; {@code retryBackoff}, when set, replaces the delays of the
 * SDK's retries (same mode and attempts: see {@link RetryBudget}), so that tests never sleep for real.
 */
public record AwsSettings(
        String region,
        String profile,
        URI endpoint,
        List<ExecutionInterceptor> interceptors,
        Duration apiCallTimeout,
        Duration apiCallAttemptTimeout,
        Duration waitPollInterval,
        Duration waitTimeout,
        Duration iamPropagationTimeout,
        Duration iamPropagationInterval,
        int maxConnections,
        Duration retryBackoff) {

    public AwsSettings {
        interceptors = List.copyOf(interceptors);
    }

    public static AwsSettings defaults(String region, String profile, URI endpoint) {
        return new AwsSettings(region, profile, endpoint, List.of(), Duration.ofMinutes(2), Duration.ofSeconds(30),
                Duration.ofSeconds(5), Duration.ofMinutes(40), Duration.ofMinutes(2), Duration.ofSeconds(5), 32, null);
    }

    public AwsSettings withInterceptors(List<ExecutionInterceptor> list) {
        return new AwsSettings(region, profile, endpoint, list, apiCallTimeout, apiCallAttemptTimeout,
                waitPollInterval, waitTimeout, iamPropagationTimeout, iamPropagationInterval, maxConnections, retryBackoff);
    }

    /** How long a new IAM role or instance profile may take to become usable, and how often to try. */
    public AwsSettings withIamPropagation(Duration timeout, Duration interval) {
        return new AwsSettings(region, profile, endpoint, interceptors, apiCallTimeout, apiCallAttemptTimeout,
                waitPollInterval, waitTimeout, timeout, interval, maxConnections, retryBackoff);
    }

    public AwsSettings withEndpoint(URI newEndpoint) {
        return new AwsSettings(region, profile, newEndpoint, interceptors, apiCallTimeout, apiCallAttemptTimeout,
                waitPollInterval, waitTimeout, iamPropagationTimeout, iamPropagationInterval, maxConnections, retryBackoff);
    }

    public AwsSettings withWaits(Duration pollInterval, Duration timeout) {
        return new AwsSettings(region, profile, endpoint, interceptors, apiCallTimeout, apiCallAttemptTimeout,
                pollInterval, timeout, iamPropagationTimeout, iamPropagationInterval, maxConnections, retryBackoff);
    }

    /** A fixed delay between the SDK's retries, for tests; the mode and the attempts in force stay as they are. */
    public AwsSettings withRetryBackoff(Duration delay) {
        return new AwsSettings(region, profile, endpoint, interceptors, apiCallTimeout, apiCallAttemptTimeout,
                waitPollInterval, waitTimeout, iamPropagationTimeout, iamPropagationInterval, maxConnections, delay);
    }
}
