package dev.tapctl.aws;

import static dev.tapctl.stack.Policies.allowPrincipal;
import static dev.tapctl.stack.Policies.document;
import static dev.tapctl.stack.Policies.withCondition;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tapctl.engine.spi.HandlerContext;
import dev.tapctl.engine.spi.Tags;
import dev.tapctl.testing.CallLog;
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

/**
 * Shared by the KMS, IAM and log group handler tests: clients on the emulator with a call log,
 * a handler context with a fixed spec hash, the stack's ownership tags, and a key policy shaped
 * like {@code TapStack}'s (account root administers, CloudWatch Logs of the region may use it
 * for this environment's groups).
 */
public final class HandlerTestSupport {
    public static final String PROJECT = "tap";
    public static final String ENV = "test";

    private HandlerTestSupport() {
    }

    public static AwsClients clients(Emulator emulator, CallLog log) {
        return clients(emulator, log, new Crash());
    }

    /** Clients whose calls are logged, then may be made to fail by {@code crash}. */
    public static AwsClients clients(Emulator emulator, CallLog log, Crash crash) {
        return new AwsClients(AwsSettings.defaults(emulator.region(), null, emulator.endpoint())
                .withWaits(Duration.ofMillis(200), Duration.ofSeconds(30))
                .withInterceptors(List.of(log, crash)));
    }

    /** Simulates a run that dies just before a given operation reaches AWS (the call is never sent). */
    public static final class Crash implements ExecutionInterceptor {
        private volatile String operation;

        /** Every later call of {@code operationName} fails until {@link #disarm()}. */
        public void before(String operationName) {
            this.operation = operationName;
        }

        public void disarm() {
            this.operation = null;
        }

        @Override
        public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
            String name = attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
            if (name.equals(operation)) {
                throw new SimulatedCrash(name);
            }
        }
    }

    public static final class SimulatedCrash extends RuntimeException {
        SimulatedCrash(String operation) {
            super("simulated crash before " + operation);
        }
    }

    /** A handler context with a fixed spec hash that remembers the progress it was told. */
    public static final class TestContext implements HandlerContext {
        private final String logicalId;
        private final String specHash;
        public final List<String> statuses = new CopyOnWriteArrayList<>();

        public TestContext(String logicalId, String specHash) {
            this.logicalId = logicalId;
            this.specHash = specHash;
        }

        public TestContext(String logicalId) {
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
    public static Map<String, String> tags(String logicalId, String name) {
        Map<String, String> tags = new TreeMap<>();
        tags.put(Tags.PROJECT, PROJECT);
        tags.put(Tags.ENVIRONMENT, ENV);
        tags.put(Tags.MANAGED_BY, Tags.MANAGED_BY_VALUE);
        tags.put(Tags.LOGICAL_ID, logicalId);
        tags.put(Tags.NAME, name);
        tags.put("CostCenter", "platform");
        return tags;
    }

    public static String logGroupArn(Emulator emulator, String groupName) {
        return "arn:aws:logs:" + emulator.region() + ":" + emulator.accountId() + ":log-group:" + groupName;
    }

    /** The stack's key policy for project {@value #PROJECT}, env {@value #ENV} (as TapStack builds it). */
    public static ObjectNode keyPolicy(Emulator emulator) {
        ObjectNode root = allowPrincipal("AccountAdministersAndUsesKey", "AWS",
                "arn:aws:iam::" + emulator.accountId() + ":root",
                List.of("kms:CancelKeyDeletion", "kms:CreateAlias", "kms:Decrypt", "kms:DeleteAlias",
                        "kms:DescribeKey", "kms:EnableKey", "kms:EnableKeyRotation", "kms:Encrypt",
                        "kms:GenerateDataKey", "kms:GetKeyPolicy", "kms:GetKeyRotationStatus",
                        "kms:PutKeyPolicy", "kms:ScheduleKeyDeletion", "kms:TagResource", "kms:UntagResource"),
                List.of("*"));
        ObjectNode logs = allowPrincipal("CloudWatchLogsEncryptsThisEnvironmentsGroups", "Service",
                "logs." + emulator.region() + ".amazonaws.com",
                List.of("kms:Decrypt", "kms:DescribeKey", "kms:Encrypt", "kms:GenerateDataKey",
                        "kms:GenerateDataKeyWithoutPlaintext", "kms:ReEncryptFrom", "kms:ReEncryptTo"),
                List.of("*"));
        withCondition(logs, "ArnLike", Map.of("kms:EncryptionContext:aws:logs:arn", List.of(
                logGroupArn(emulator, "/" + PROJECT + "/" + ENV + "/*"),
                logGroupArn(emulator, "/aws/lambda/" + PROJECT + "-" + ENV + "-*"))));
        return document(root, logs);
    }
}
