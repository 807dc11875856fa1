package dev.tapctl.aws;

import static dev.tapctl.stack.Policies.allowPrincipal;
import static dev.tapctl.stack.Policies.document;
import static dev.tapctl.stack.Policies.withCondition;
import static dev.tapctl.testing.HandlerFixture.ENV;
import static dev.tapctl.testing.HandlerFixture.PROJECT;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tapctl.testing.Emulator;
import dev.tapctl.testing.HandlerFixture;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;

/**
 * Shared by the KMS, IAM and log group handler tests (on top of {@link HandlerFixture}): a crash
 * injected before a given operation, and a key policy shaped like {@code TapStack}'s (account root
 * administers, CloudWatch Logs of the region may use it for this environment's groups).
 */
public final class HandlerTestSupport {
    private HandlerTestSupport() {}

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

    public static String logGroupArn(Emulator emulator, String groupName) {
        return "arn:aws:logs:" + emulator.region() + ":" + emulator.accountId() + ":log-group:" + groupName;
    }

    /** The stack's key policy for project {@value HandlerFixture#PROJECT}, env {@value HandlerFixture#ENV} (as TapStack builds it). */
    public static ObjectNode keyPolicy(Emulator emulator) {
        ObjectNode root = allowPrincipal(
                "AccountAdministersAndUsesKey",
                "AWS",
                "arn:aws:iam::" + emulator.accountId() + ":root",
                List.of(
                        "kms:CancelKeyDeletion",
                        "kms:CreateAlias",
                        "kms:Decrypt",
                        "kms:DeleteAlias",
                        "kms:DescribeKey",
                        "kms:EnableKey",
                        "kms:EnableKeyRotation",
                        "kms:Encrypt",
                        "kms:GenerateDataKey",
                        "kms:GetKeyPolicy",
                        "kms:GetKeyRotationStatus",
                        "kms:PutKeyPolicy",
                        "kms:ScheduleKeyDeletion",
                        "kms:TagResource",
                        "kms:UntagResource"),
                List.of("*"));
        ObjectNode logs = allowPrincipal(
                "CloudWatchLogsEncryptsThisEnvironmentsGroups",
                "Service",
                "logs." + emulator.region() + ".amazonaws.com",
                List.of(
                        "kms:Decrypt",
                        "kms:DescribeKey",
                        "kms:Encrypt",
                        "kms:GenerateDataKey",
                        "kms:GenerateDataKeyWithoutPlaintext",
                        "kms:ReEncryptFrom",
                        "kms:ReEncryptTo"),
                List.of("*"));
        withCondition(
                logs,
                "ArnLike",
                Map.of(
                        "kms:EncryptionContext:aws:logs:arn",
                        List.of(
                                logGroupArn(emulator, "/" + PROJECT + "/" + ENV + "/*"),
                                logGroupArn(emulator, "/aws/lambda/" + PROJECT + "-" + ENV + "-*"))));
        return document(root, logs);
    }
}
