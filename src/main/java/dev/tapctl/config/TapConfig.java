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
        ComputeConfig compute,
        AlarmsConfig alarms,
        String account,
        java.util.List<WaitTimeout> timeouts,
        java.util.List<IgnoreRule> ignoreChanges) {

    /** {@code account} is null when the environment names none (any account will do). */
    public TapConfig {
        tags = Map.copyOf(tags);
        functions = Map.copyOf(functions);
        timeouts = java.util.List.copyOf(timeouts);
        ignoreChanges = java.util.List.copyOf(ignoreChanges);
    }

    /** The AWS account this environment must run in ({@code account}), if the configuration names one. */
    public java.util.Optional<String> expectedAccount() {
        return java.util.Optional.ofNullable(account);
    }

    /** The same configuration in another region (the {@code --region} override). */
    public TapConfig withRegion(String newRegion) {
        return new TapConfig(
                project,
                env,
                newRegion,
                protectedEnv,
                tags,
                network,
                logs,
                kms,
                database,
                table,
                functions,
                api,
                compute,
                alarms,
                account,
                timeouts,
                ignoreChanges);
    }

    /** {@code <project>-<env>}: the prefix of every resource name. */
    public String prefix() {
        return project + "-" + env;
    }

    /**
     * {@code natGateways}: 0 (no internet egress from the private subnets; interface endpoints
     * reach the AWS services the instances use), 1 (one NAT gateway shared by every zone) or
     * {@code azCount} (one per zone, so a zone's outage does not cut the others off).
     */
    public record NetworkConfig(String cidr, int azCount, int natGateways) {}

    public record LogsConfig(int retentionDays) {}

    public record KmsConfig(int deletionWindowDays) {}

    /** RDS PostgreSQL; the master password is generated into Secrets Manager, never configured. */
    public record DatabaseConfig(
            String engineVersion,
            String instanceClass,
            int allocatedStorageGb,
            boolean multiAz,
            int backupRetentionDays,
            boolean deletionProtection,
            String masterUsername,
            String databaseName) {}

    /** The DynamoDB items table: a partition and a sort key, on-demand capacity. */
    public record TableConfig(
            KeyConfig partitionKey,
            KeyConfig sortKey,
            String billingMode,
            boolean pointInTimeRecovery,
            boolean deletionProtection) {}

    /**
     * One Lambda function, bundled from {@code functions/<name>}. {@code tableActions} are the
     * DynamoDB actions it may call on the items table; {@code invokes} the functions it may invoke.
     */
    public record FunctionConfig(
            String runtime,
            String handler,
            int memoryMb,
            int timeoutSeconds,
            String logLevel,
            java.util.List<String> tableActions,
            java.util.List<String> invokes,
            Map<String, String> environment) {
        public FunctionConfig {
            tableActions = java.util.List.copyOf(tableActions);
            invokes = java.util.List.copyOf(invokes);
            environment = Map.copyOf(environment);
        }
    }

    /** The REST API in front of the {@code api} function. */
    /**
     * The REST API in front of the {@code api} function. {@code apiKeys} names the clients: each
     * gets an API key attached to the usage plan, and every method but the CORS preflight needs one.
     */
    public record ApiConfig(
            String stageName,
            String function,
            CorsConfig cors,
            ThrottleConfig throttling,
            QuotaConfig quota,
            java.util.List<String> apiKeys) {
        public ApiConfig {
            apiKeys = java.util.List.copyOf(apiKeys);
        }
    }

    public record CorsConfig(
            java.util.List<String> allowOrigins,
            java.util.List<String> allowMethods,
            java.util.List<String> allowHeaders,
            int maxAgeSeconds) {
        public CorsConfig {
            allowOrigins = java.util.List.copyOf(allowOrigins);
            allowMethods = java.util.List.copyOf(allowMethods);
            allowHeaders = java.util.List.copyOf(allowHeaders);
        }
    }

    /** Steady-state requests per second and burst, for the stage and the usage plan. */
    public record ThrottleConfig(double rateLimit, int burstLimit) {}

    public record QuotaConfig(int limit, String period) {}

    /** EC2 application instances in the private subnets. */
    public record ComputeConfig(int instanceCount, String instanceType, String ami, int volumeSizeGb) {}

    /**
     * The environment's alarm topic and what sets its alarms off. {@code email}: addresses
     * subscribed to the topic (SNS mails each a confirmation first); {@code periodSeconds}: the
     * period every alarm evaluates.
     */
    public record AlarmsConfig(java.util.List<String> email, int periodSeconds, AlarmThresholds thresholds) {
        public AlarmsConfig {
            email = java.util.List.copyOf(email);
        }
    }

    /**
     * Per period: a function's {@code Errors} and {@code Throttles} (Sum) and the stage's
     * {@code 5XXError} (Sum) at or above these; the database's {@code FreeStorageSpace} (Minimum)
     * below {@code dbFreeStorageMb}; its {@code CPUUtilization} (Average) above {@code dbCpuPercent}.
     * A dead-letter queue alarms on its first message, always.
     */
    public record AlarmThresholds(
            int functionErrors, int functionThrottles, int api5xxErrors, int dbFreeStorageMb, int dbCpuPercent) {}

    /**
     * {@code timeouts.<target>.<operation>}: the longest that any wait of {@code target} (a
     * resource id such as {@code data.db}, or a kind such as {@code aws.rds.db-instance}) may take
     * while it is created, updated or deleted ({@code operation}), instead of the built-in bound.
     */
    public record WaitTimeout(String target, String operation, java.time.Duration limit) {}

    /**
     * {@code ignoreChanges.<target>}: the attribute paths, as the plan names them, that apply
     * leaves as AWS has them on every resource {@code target} (a logical id, or a glob with
     * {@code *} and {@code ?} within one dot-separated part: {@code fn.*}) matches.
     */
    public record IgnoreRule(String target, java.util.List<String> paths) {
        public IgnoreRule {
            paths = java.util.List.copyOf(paths);
        }
    }

    /** A key attribute: name and scalar type (S, N or B). */
    public record KeyConfig(String name, String type) {}
}
