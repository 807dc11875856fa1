package dev.tapctl.stack;

import java.util.Map;
import java.util.Optional;

/**
 * The attributes of each kind that keep data safe: a protected environment refuses to ignore
 * them ({@code ignoreChanges}), since an ignored attribute is one anybody may change outside
 * tapctl for good. Paths as the plan names them, and as the spec holds them where that differs;
 * each with what it guards, for the refusal. A path covers what is under it ({@code inlinePolicies}
 * covers {@code inlinePolicies.<name>}); ignoring a path above one ({@code rootVolume}) is refused too.
 */
final class Safeguards {
    private static final String KEY = "the encryption key";
    private static final String PUBLIC = "public access";
    private static final String IAM = "IAM policies";
    private static final String DELETION = "deletion protection";
    private static final String BACKUPS = "backup retention";

    private static final Map<String, Map<String, String>> BY_KIND = Map.ofEntries(
            Map.entry(Kinds.KMS_KEY.name(), Map.of("policy", IAM + " (the key policy)", "rotationEnabled", KEY)),
            Map.entry(Kinds.SUBNET.name(), Map.of("mapPublicIpOnLaunch", PUBLIC)),
            Map.entry(Kinds.SECURITY_GROUP.name(), Map.of("ingress", "security group ingress")),
            Map.entry(Kinds.LOG_GROUP.name(), Map.of("kmsKeyArn", KEY)),
            Map.entry(
                    Kinds.IAM_ROLE.name(), Map.of("trustPolicy", IAM, "inlinePolicies", IAM, "managedPolicyArns", IAM)),
            Map.entry(Kinds.INSTANCE_PROFILE.name(), Map.of("roleName", IAM + " (the role the instances use)")),
            Map.entry(Kinds.SECRET.name(), Map.of("kmsKeyArn", KEY)),
            Map.entry(
                    Kinds.DB_INSTANCE.name(),
                    Map.of(
                            "kmsKeyArn", KEY,
                            "publiclyAccessible", PUBLIC,
                            "backupRetentionDays", BACKUPS,
                            "deletionProtection", DELETION)),
            Map.entry(
                    Kinds.TABLE.name(),
                    Map.of("kmsKeyArn", KEY, "deletionProtection", DELETION, "pointInTimeRecovery", BACKUPS)),
            Map.entry(
                    Kinds.BUCKET.name(),
                    Map.of(
                            "kmsKeyArn",
                            KEY,
                            "blockPublicAccess",
                            PUBLIC,
                            "policy",
                            IAM + " (the TLS-only bucket policy)")),
            Map.entry(Kinds.QUEUE.name(), Map.of("kmsKeyArn", KEY)),
            Map.entry(Kinds.TOPIC.name(), Map.of("kmsKeyArn", KEY)),
            Map.entry(
                    Kinds.FUNCTION.name(),
                    Map.of("deadLetterTargetArn", "the function's dead-letter queue", "roleArn", IAM + " (its role)")),
            Map.entry(Kinds.LAMBDA_PERMISSION.name(), Map.of("principal", IAM, "sourceArn", IAM)),
            Map.entry(Kinds.API_ROUTES.name(), Map.of("apiKeyRequired", PUBLIC + " (methods without an API key)")),
            Map.entry(Kinds.VPC_ENDPOINT.name(), Map.of("policy", IAM + " (the endpoint policy)")),
            Map.entry(
                    Kinds.INSTANCE.name(),
                    Map.of(
                            "imdsV2Required",
                            "IMDSv2",
                            "metadataOptions.httpTokens",
                            "IMDSv2",
                            "volumeKmsKeyArn",
                            KEY,
                            "rootVolume.kmsKeyId",
                            KEY,
                            "instanceProfileName",
                            IAM + " (the instance profile)",
                            "instanceProfile",
                            IAM + " (the instance profile)")));

    private Safeguards() {}

    /** What ignoring {@code path} of {@code kind} would leave unguarded, if it is (or holds, or is under) a safeguard. */
    static Optional<String> guardedBy(String kind, String path) {
        for (Map.Entry<String, String> guard :
                BY_KIND.getOrDefault(kind, Map.of()).entrySet()) {
            String safeguard = guard.getKey();
            if (path.equals(safeguard) || path.startsWith(safeguard + ".") || safeguard.startsWith(path + ".")) {
                return Optional.of(guard.getValue());
            }
        }
        return Optional.empty();
    }
}
