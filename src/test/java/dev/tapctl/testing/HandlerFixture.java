package dev.tapctl.testing;

import dev.tapctl.aws.AwsClients;
import dev.tapctl.aws.AwsSettings;
import dev.tapctl.engine.spi.Tags;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;

/**
 * What every handler test starts from: SDK clients on the emulator (each call passing through the
 * test's interceptors, usually a {@link CallLog}, waiters polling fast), the ownership tags the
 * stack gives a resource of project {@value #PROJECT}, env {@value #ENV}, and a KMS key. A
 * {@link TestContext} stands in for the engine's handler context.
 */
public final class HandlerFixture {
    public static final String PROJECT = "tap";
    public static final String ENV = "test";

    private HandlerFixture() {}

    /** Clients on the emulator, each call passing through {@code interceptors} in order. */
    public static AwsClients clients(Emulator emulator, ExecutionInterceptor... interceptors) {
        return clients(emulator, emulator.region(), interceptors);
    }

    /** Clients for {@code region}, each call passing through {@code interceptors} in order. */
    public static AwsClients clients(Emulator emulator, String region, ExecutionInterceptor... interceptors) {
        return new AwsClients(AwsSettings.defaults(region, null, emulator.endpoint())
                .withInterceptors(List.of(interceptors))
                .withWaits(Duration.ofMillis(100), Duration.ofSeconds(30))
                .withRetryBackoff(Duration.ofMillis(1)));
    }

    /** The tags the stack gives every resource (without the spec hash, which the handler writes). */
    public static Map<String, String> tags(String logicalId, String name) {
        return tags(logicalId, name, ENV);
    }

    /** The same for a resource of environment {@code env}. */
    public static Map<String, String> tags(String logicalId, String name, String env) {
        Map<String, String> tags = new TreeMap<>();
        tags.put(Tags.PROJECT, PROJECT);
        tags.put(Tags.ENVIRONMENT, env);
        tags.put(Tags.MANAGED_BY, Tags.MANAGED_BY_VALUE);
        tags.put(Tags.LOGICAL_ID, logicalId);
        tags.put(Tags.NAME, name);
        tags.put("CostCenter", "platform");
        return tags;
    }

    /** A customer-managed key in the emulator, as the stack's kms.key would be; returns its ARN. */
    public static String kmsKeyArn(AwsClients clients) {
        return clients.kms()
                .createKey(r -> r.description("tapctl test key"))
                .keyMetadata()
                .arn();
    }
}
