package dev.tapctl.stack;

import static dev.tapctl.stack.Policies.allowPrincipal;
import static dev.tapctl.stack.Policies.document;
import static dev.tapctl.stack.Policies.withCondition;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tapctl.config.TapConfig;
import dev.tapctl.engine.spi.Inputs;
import dev.tapctl.engine.spi.Ref;
import dev.tapctl.stack.spec.KmsKeySpec;
import java.util.List;
import java.util.Map;

/** The stack key: it encrypts every log group, queue, secret, table, bucket, volume and the alarm topic. */
final class KeyLayer {
    private final TapConfig config;
    private final Names names;

    private KeyLayer(LayerContext context) {
        this.config = context.config();
        this.names = context.names();
    }

    /** The key is kept while a retained table or bucket, or a final snapshot, it encrypts exists. */
    static Ref<KmsKeySpec> declare(LayerContext context) {
        KeyLayer layer = new KeyLayer(context);
        String alias = context.names().keyAlias();
        return context.stack()
                .declare("kms.key", Kinds.KMS_KEY, alias)
                .keptForRetainedData()
                .spec(in -> KmsKeySpec.builder()
                        .alias(alias)
                        .description("tapctl stack key for " + context.config().prefix())
                        .rotationEnabled(true)
                        .policy(layer.keyPolicy(in))
                        .deletionWindowDays(context.config().kms().deletionWindowDays())
                        .tags(context.tags().of("kms.key", alias))
                        .build());
    }

    /**
     * Account root administers and uses the key (IAM policies then delegate); CloudWatch Logs in
     * this region may use it only for this environment's log groups, which is what AWS requires
     * before a log group can be created with {@code kmsKeyId}.
     */
    private ObjectNode keyPolicy(Inputs in) {
        Arns arns = Arns.of(in);
        ObjectNode root = allowPrincipal(
                "AccountAdministersAndUsesKey",
                "AWS",
                arns.accountRoot(),
                List.of(
                        "kms:CancelKeyDeletion",
                        "kms:CreateAlias",
                        "kms:CreateGrant",
                        "kms:Decrypt",
                        "kms:DeleteAlias",
                        "kms:DescribeKey",
                        "kms:DisableKey",
                        "kms:DisableKeyRotation",
                        "kms:EnableKey",
                        "kms:EnableKeyRotation",
                        "kms:Encrypt",
                        "kms:GenerateDataKey",
                        "kms:GenerateDataKeyWithoutPlaintext",
                        "kms:GetKeyPolicy",
                        "kms:GetKeyRotationStatus",
                        "kms:ListGrants",
                        "kms:ListResourceTags",
                        "kms:PutKeyPolicy",
                        "kms:ReEncryptFrom",
                        "kms:ReEncryptTo",
                        "kms:RetireGrant",
                        "kms:RevokeGrant",
                        "kms:ScheduleKeyDeletion",
                        "kms:TagResource",
                        "kms:UntagResource",
                        "kms:UpdateAlias",
                        "kms:UpdateKeyDescription"),
                List.of("*"));
        ObjectNode logs = allowPrincipal(
                "CloudWatchLogsEncryptsThisEnvironmentsGroups",
                "Service",
                "logs." + in.region() + ".amazonaws.com",
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
                        List.of(arns.logGroup(names.anyEnvLogGroup()), arns.logGroup(names.anyFunctionLogGroup()))));
        return document(root, logs, cloudWatchAlarms(in, arns));
    }

    /**
     * CloudWatch publishes to the encrypted alarm topic only if the key lets it: "Enable
     * compatibility between event sources from AWS services and encrypted topics" (SNS Developer
     * Guide, "Encrypting messages published to Amazon SNS with AWS KMS") grants the service
     * kms:Decrypt and kms:GenerateDataKey*, and the CloudWatch page on alarm actions with an
     * encrypted topic names cloudwatch.amazonaws.com. The wildcard is written out as the one
     * action SNS calls for a publisher (GenerateDataKey, beside Decrypt: the same page's
     * publisher permissions), so the key policy names exact actions like every other policy
     * here (the IAM lint refuses wildcards in an Allow). Narrowed to this account's alarms of this
     * environment with aws:SourceAccount and aws:SourceArn, the confused-deputy conditions AWS
     * documents for service principals. SNS itself needs nothing in the key policy: it uses the
     * key on the publisher's behalf, with the publisher's permissions (same page), and email
     * deliveries are not encrypted by the key.
     */
    private ObjectNode cloudWatchAlarms(Inputs in, Arns arns) {
        ObjectNode alarms = allowPrincipal(
                "CloudWatchAlarmsPublishToTheEncryptedTopic",
                "Service",
                "cloudwatch.amazonaws.com",
                List.of("kms:Decrypt", "kms:GenerateDataKey"),
                List.of("*"));
        withCondition(alarms, "StringEquals", Map.of("aws:SourceAccount", List.of(in.accountId())));
        return withCondition(alarms, "ArnLike", Map.of("aws:SourceArn", List.of(arns.alarm(names.anyPrefixed()))));
    }
}
