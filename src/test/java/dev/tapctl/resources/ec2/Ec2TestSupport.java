package dev.tapctl.resources.ec2;

import dev.tapctl.aws.AwsClients;
import dev.tapctl.aws.AwsSettings;
import dev.tapctl.engine.spi.HandlerContext;
import dev.tapctl.engine.spi.Tags;
import dev.tapctl.stack.spec.VpcSpec;
import dev.tapctl.testing.Emulator;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;

/** Clients on the emulator, a handler context, a call log and ownership tags for the EC2 handler tests. */
final class Ec2TestSupport {
    static final String PROJECT = "tap";
    static final String ENV = "test";

    private Ec2TestSupport() {
    }

    /** Every SDK operation a client made, in order (e.g. {@code DescribeVpcs}). */
    static final class CallLog implements ExecutionInterceptor {
        private final List<String> operations = new CopyOnWriteArrayList<>();

        @Override
        public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
            operations.add(attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME));
        }

        List<String> operations() {
            return List.copyOf(operations);
        }

        void clear() {
            operations.clear();
        }

        /** Operations that may change something: anything but Describe* / Get* / List*. */
        List<String> mutating() {
            return operations.stream()
                    .filter(op -> !op.startsWith("Describe") && !op.startsWith("Get") && !op.startsWith("List"))
                    .toList();
        }
    }

    static AwsClients clients(Emulator emulator, CallLog log) {
        return new AwsClients(AwsSettings.defaults(emulator.region(), null, emulator.endpoint())
                .withWaits(Duration.ofMillis(200), Duration.ofSeconds(30))
                .withInterceptors(List.of(log)));
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

        TestContext(String logicalId) {
            this(logicalId, "hash-1");
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
        return tags(logicalId, name, ENV);
    }

    static Map<String, String> tags(String logicalId, String name, String env) {
        Map<String, String> tags = new TreeMap<>();
        tags.put(Tags.PROJECT, PROJECT);
        tags.put(Tags.ENVIRONMENT, env);
        tags.put(Tags.MANAGED_BY, Tags.MANAGED_BY_VALUE);
        tags.put(Tags.LOGICAL_ID, logicalId);
        tags.put(Tags.NAME, name);
        tags.put("CostCenter", "platform");
        return tags;
    }

    /** A VPC made by the VPC handler, for the handlers of what lives in one. */
    static String createVpc(AwsClients clients, String logicalId, String cidr) {
        VpcSpec spec = new VpcSpec("tap-test-" + logicalId, cidr, true, true, tags(logicalId, "tap-test-" + logicalId));
        return new VpcHandler(clients.ec2(), clients.waiterConfig()).create(spec, new TestContext(logicalId)).vpcId();
    }
}
