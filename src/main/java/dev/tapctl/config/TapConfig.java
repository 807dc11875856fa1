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
        KmsConfig kms) {

    public TapConfig {
        tags = Map.copyOf(tags);
    }

    /** The same configuration in another region (the {@code --region} override). */
    public TapConfig withRegion(String newRegion) {
        return new TapConfig(project, env, newRegion, protectedEnv, tags, network, logs, kms);
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
}
