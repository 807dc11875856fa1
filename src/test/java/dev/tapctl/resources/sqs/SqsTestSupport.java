package dev.tapctl.resources.sqs;

import dev.tapctl.aws.AwsClients;
import dev.tapctl.aws.AwsSettings;
import dev.tapctl.engine.spi.HandlerContext;
import dev.tapctl.engine.spi.Tags;
import dev.tapctl.testing.Emulator;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;

/** Clients on the emulator, a handler context and ownership tags for the SQS handler tests. */
final class SqsTestSupport {
    static final String PROJECT = "tap";
    static final String ENV = "test";

    private SqsTestSupport() {
    }

    /** Clients on the emulator, each call passing through {@code interceptors} in order. */
    static AwsClients clients(Emulator emulator, ExecutionInterceptor... interceptors) {
        return new AwsClients(AwsSettings.defaults(emulator.region(), null, emulator.endpoint())
                .withInterceptors(List.of(interceptors))
                .withWaits(Duration.ofMillis(100), Duration.ofSeconds(30)));
    }

    /** A customer-managed key in the emulator, as the stack's kms.key would be. */
    static String kmsKeyArn(AwsClients clients) {
        return clients.kms().createKey(r -> r.description("tapctl test key")).keyMetadata().arn();
    }

    /** A handler context with a fixed spec hash that remembers the progress it was told. */
    static final class TestContext implements HandlerContext {
        private final String logicalId;
        private final String specHash;
        final List<String> statuses = new CopyOnWriteArrayList<>();

        TestContext(String logicalId, String specHash) {
            this.logicalId = logicalId;
            this.specHash = specHash;
        }

        @Override
        public String logicalId() {
            return logicalId;
        }

        @Override
        public String specHash() {
            return specHash;
        }

        @Override
        public void status(String message) {
            statuses.add(message);
        }
    }

    /** The tags the stack gives every resource (without the spec hash, which the handler writes). */
    static Map<String, String> tags(String logicalId, String name) {
        Map<String, String> tags = new TreeMap<>();
        tags.put(Tags.PROJECT, PROJECT);
        tags.put(Tags.ENVIRONMENT, ENV);
        tags.put(Tags.MANAGED_BY, Tags.MANAGED_BY_VALUE);
        tags.put(Tags.LOGICAL_ID, logicalId);
        tags.put(Tags.NAME, name);
        tags.put("CostCenter", "platform");
        return tags;
    }
}
