package dev.tapctl.stack.spec;

import dev.tapctl.engine.spi.OutputKey;
import java.util.List;
import java.util.Map;

/**
 * An RDS instance, storage encrypted with the stack key, never public. The master password is
 * read from {@code masterSecretArn} when the instance is created; the spec never holds it.
 * Destroy takes a final snapshot named {@code <finalSnapshotPrefix>-<UTC timestamp>}.
 */
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

    public static Builder builder() {
        return new Builder();
    }

    /** Named steps for every component: a declaration reads without positional literals. */
    public static final class Builder {
        private String identifier;
        private String engine;
        private String engineVersion;
        private String instanceClass;
        private int allocatedStorageGb;
        private String storageType;
        private String kmsKeyArn;
        private boolean multiAz;
        private boolean publiclyAccessible;
        private int backupRetentionDays;
        private boolean deletionProtection;
        private String subnetGroupName;
        private List<String> securityGroupIds;
        private String masterUsername;
        private String masterSecretArn;
        private String databaseName;
        private int port;
        private String finalSnapshotPrefix;
        private Map<String, String> tags;

        private Builder() {
        }

        public Builder identifier(String identifier) {
            this.identifier = identifier;
            return this;
        }

        public Builder engine(String engine) {
            this.engine = engine;
            return this;
        }

        public Builder engineVersion(String engineVersion) {
            this.engineVersion = engineVersion;
            return this;
        }

        public Builder instanceClass(String instanceClass) {
            this.instanceClass = instanceClass;
            return this;
        }

        public Builder allocatedStorageGb(int allocatedStorageGb) {
            this.allocatedStorageGb = allocatedStorageGb;
            return this;
        }

        public Builder storageType(String storageType) {
            this.storageType = storageType;
            return this;
        }

        public Builder kmsKeyArn(String kmsKeyArn) {
            this.kmsKeyArn = kmsKeyArn;
            return this;
        }

        public Builder multiAz(boolean multiAz) {
            this.multiAz = multiAz;
            return this;
        }

        public Builder publiclyAccessible(boolean publiclyAccessible) {
            this.publiclyAccessible = publiclyAccessible;
            return this;
        }

        public Builder backupRetentionDays(int backupRetentionDays) {
            this.backupRetentionDays = backupRetentionDays;
            return this;
        }

        public Builder deletionProtection(boolean deletionProtection) {
            this.deletionProtection = deletionProtection;
            return this;
        }

        public Builder subnetGroupName(String subnetGroupName) {
            this.subnetGroupName = subnetGroupName;
            return this;
        }

        public Builder securityGroupIds(List<String> securityGroupIds) {
            this.securityGroupIds = securityGroupIds;
            return this;
        }

        public Builder masterUsername(String masterUsername) {
            this.masterUsername = masterUsername;
            return this;
        }

        public Builder masterSecretArn(String masterSecretArn) {
            this.masterSecretArn = masterSecretArn;
            return this;
        }

        public Builder databaseName(String databaseName) {
            this.databaseName = databaseName;
            return this;
        }

        public Builder port(int port) {
            this.port = port;
            return this;
        }

        public Builder finalSnapshotPrefix(String finalSnapshotPrefix) {
            this.finalSnapshotPrefix = finalSnapshotPrefix;
            return this;
        }

        public Builder tags(Map<String, String> tags) {
            this.tags = tags;
            return this;
        }

        public DbInstanceSpec build() {
            return new DbInstanceSpec(identifier, engine, engineVersion, instanceClass, allocatedStorageGb, storageType,
                    kmsKeyArn, multiAz, publiclyAccessible, backupRetentionDays, deletionProtection, subnetGroupName,
                    securityGroupIds, masterUsername, masterSecretArn, databaseName, port, finalSnapshotPrefix, tags);
        }
    }
}
