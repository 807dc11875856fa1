package dev.tapctl.config;

import java.util.Map;

/** One environment's configuration: defaults.yaml merged with {@code <env>.yaml}, validated. */
public record TapConfig(
        String project,
        String env,
        String region,
        boolean protectedEnv,
        Map<String, String> tags,
        NetworkConfig network,
        LogsConfig logs,
        KmsConfig kms,
        DatabaseConfig database,
        TableConfig table) {

    public TapConfig {
        tags = Map.copyOf(tags);
    }

    /** The same configuration in another region (the {@code --region} override). */
    public TapConfig withRegion(String newRegion) {
        return new TapConfig(project, env, newRegion, protectedEnv, tags, network, logs, kms, database, table);
    }

    /** {@code <project>-<env>}: the prefix of every resource name. */
    public String prefix() {
        return project + "-" + env;
    }

    public record NetworkConfig(String cidr, int azCount) {
    }

    public record LogsConfig(int retentionDays) {
    }

    public record KmsConfig(int deletionWindowDays) {
    }

    /** RDS PostgreSQL; the master password is generated into Secrets Manager, never configured. */
    public record DatabaseConfig(String engineVersion, String instanceClass, int allocatedStorageGb, boolean multiAz,
                                 int backupRetentionDays, boolean deletionProtection, String masterUsername,
                                 String databaseName) {
    }

    /** The DynamoDB items table: a partition and a sort key, on-demand capacity. */
    public record TableConfig(KeyConfig partitionKey, KeyConfig sortKey, String billingMode, boolean pointInTimeRecovery,
                              boolean deletionProtection) {
    }

    /** A key attribute: name and scalar type (S, N or B). */
    public record KeyConfig(String name, String type) {
    }
}
