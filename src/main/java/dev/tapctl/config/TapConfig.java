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
        TableConfig table,
        Map<String, FunctionConfig> functions,
        ApiConfig api,
        ComputeConfig compute) {

    public TapConfig {
        tags = Map.copyOf(tags);
        functions = Map.copyOf(functions);
    }

    /** The same configuration in another region (the {@code --region} override). */
    public TapConfig withRegion(String newRegion) {
        return new TapConfig(project, env, newRegion, protectedEnv, tags, network, logs, kms, database, table, functions,
                api, compute);
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

    /**
     * One Lambda function, bundled from {@code functions/<name>}. {@code tableActions} are the
     * DynamoDB actions it may call on the items table; {@code invokes} the functions it may invoke.
     */
    public record FunctionConfig(String runtime, String handler, int memoryMb, int timeoutSeconds, String logLevel,
                                 java.util.List<String> tableActions, java.util.List<String> invokes,
                                 Map<String, String> environment) {
        public FunctionConfig {
            tableActions = java.util.List.copyOf(tableActions);
            invokes = java.util.List.copyOf(invokes);
            environment = Map.copyOf(environment);
        }
    }

    /** The REST API in front of the {@code api} function. */
    public record ApiConfig(String stageName, String function, CorsConfig cors, ThrottleConfig throttling,
                            QuotaConfig quota) {
    }

    public record CorsConfig(java.util.List<String> allowOrigins, java.util.List<String> allowMethods,
                             java.util.List<String> allowHeaders, int maxAgeSeconds) {
        public CorsConfig {
            allowOrigins = java.util.List.copyOf(allowOrigins);
            allowMethods = java.util.List.copyOf(allowMethods);
            allowHeaders = java.util.List.copyOf(allowHeaders);
        }
    }

    /** Steady-state requests per second and burst, for the stage and the usage plan. */
    public record ThrottleConfig(double rateLimit, int burstLimit) {
    }

    public record QuotaConfig(int limit, String period) {
    }

    /** EC2 application instances in the private subnets. */
    public record ComputeConfig(int instanceCount, String instanceType, String ami, int volumeSizeGb) {
    }

    /** A key attribute: name and scalar type (S, N or B). */
    public record KeyConfig(String name, String type) {
    }
}
