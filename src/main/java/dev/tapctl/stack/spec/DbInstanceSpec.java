package dev.tapctl.stack.spec;

import dev.tapctl.engine.spi.OutputKey;
import io.soabase.recordbuilder.core.RecordBuilder;
import java.util.List;
import java.util.Map;

/**
 * An RDS instance, storage encrypted with the stack key, never public. The master password is
 * read from {@code masterSecretArn} when the instance is created; the spec never holds it.
 * Destroy takes a final snapshot named {@code <finalSnapshotPrefix>-<UTC timestamp>}.
 */
@RecordBuilder
public record DbInstanceSpec(
        String identifier,
        String engine,
        String engineVersion,
        String instanceClass,
        int allocatedStorageGb,
        String storageType,
        String kmsKeyArn,
        boolean multiAz,
        boolean publiclyAccessible,
        int backupRetentionDays,
        boolean deletionProtection,
        String subnetGroupName,
        List<String> securityGroupIds,
        String masterUsername,
        String masterSecretArn,
        String databaseName,
        int port,
        String finalSnapshotPrefix,
        Map<String, String> tags) {
    // Outputs of this kind: the handler writes them, dependants read them.
    public static final OutputKey<DbInstanceSpec> IDENTIFIER = OutputKey.of("identifier");
    public static final OutputKey<DbInstanceSpec> ARN = OutputKey.of("arn");
    public static final OutputKey<DbInstanceSpec> ENDPOINT = OutputKey.of("endpoint");
    public static final OutputKey<DbInstanceSpec> PORT = OutputKey.of("port");

    public DbInstanceSpec {
        securityGroupIds = List.copyOf(securityGroupIds);
        tags = Map.copyOf(tags);
    }

    public static DbInstanceSpecBuilder builder() {
        return DbInstanceSpecBuilder.builder();
    }
}
